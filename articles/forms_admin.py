"""The editors' rules for articles (ArticlePage.base_form_class) and the contact form page."""

from django.utils.translation import gettext as _
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

from core.page_slugs import ReadablePageForm, ReadableSlugFormMixin


class ArticlePageForm(ReadablePageForm):
    """An article names at least one author once it is published or submitted for review.

    A draft may wait for its author: the editor autosaves a draft from the first keystroke, so
    a rule a draft cannot meet yet would stop every autosave (「自動保存は一時停止中」). The
    authors' panel therefore starts without a row (a blank row's author is required, deferred
    or not, because the database needs it), and the rule is checked here instead."""

    def clean(self):
        cleaned_data = super().clean()
        if not self.is_deferred_validation and not self._has_an_author():
            self.add_error(None, _("Choose at least one author."))
        return cleaned_data

    def _has_an_author(self):
        authors = self.formsets["article_authors"]
        if not authors.is_valid():
            return True  # the authors' panel shows its own errors
        return any(
            form.cleaned_data.get("author") and not form.cleaned_data.get("DELETE")
            for form in authors.forms
        )


class ContactPageForm(ReadableSlugFormMixin, WagtailAdminFormPageForm):
    """Wagtail's form page editor (its field labels checked unique), with a readable slug."""
