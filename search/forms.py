"""The search page's query string: what to look for, and the kind and tag that narrow it."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.selectors import tag_get

from .selectors import KINDS, kind_get
from .text import MAX_QUERY_LENGTH

TAG_SLUG_MAX_LENGTH = 100


class SearchForm(forms.Form):
    """Bound to request.GET. After `is_valid()`, `cleaned_data` holds `q` (text), `kind` (a
    `selectors.Kind` or None) and `tag` (a taggit Tag or None) for each field that is valid;
    an invalid field is missing from it, so a filter that does not exist is simply not applied
    (its error says so), and a query that is too long is not searched for."""

    q = forms.CharField(
        label=_("Search terms"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput,
        error_messages={
            "max_length": _("Search terms must be %(limit_value)d characters or fewer."),
        },
    )
    kind = forms.TypedChoiceField(
        label=_("Kind of page"),
        required=False,
        choices=[("", pgettext_lazy("filter choice", "All"))]
        + [(kind.key, kind.label) for kind in KINDS],
        coerce=kind_get,
        empty_value=None,
        error_messages={
            "invalid_choice": _("There is no kind of page called “%(value)s”; showing every kind."),
        },
    )
    tag = forms.CharField(label=_("Tag"), required=False, max_length=TAG_SLUG_MAX_LENGTH)

    def clean_tag(self):
        slug = self.cleaned_data["tag"]
        if not slug:
            return None
        try:
            return tag_get(slug=slug)
        except Http404:
            raise ValidationError(
                _("There is no tag “%(tag)s”; showing results with any tag."),
                code="unknown",
                params={"tag": slug},
            ) from None
