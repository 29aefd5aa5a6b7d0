"""Discussion is something a page opts into (as decidim's `Commentable`): a page class that
mixes in DiscussablePageMixin takes comments, shows its comment section and appears wherever
the site lists discussable pages. Comments point at Wagtail's Page, so the community app never
names the page classes that take them."""

from functools import cache, partial

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject
from wagtail.admin.panels import PageChooserPanel


class DiscussablePageMixin:
    """Mixed into a Page class whose readers comment under it. Its template includes
    `comment_section_template` (also what htmx swaps in after a post), which reads `comments`
    (community.selectors.comments.CommentSection) and `comment_form`."""

    comment_section_template = "community/includes/comments.html"
    comment_sort_default = "oldest"
    is_opinion_exchange = False  # templates shared with topics ask (comment_form.html)

    def get_context(self, request, *args, **kwargs):
        """`comments` and `comment_form` (comment_section_context), built when the template
        first reads them: a page may serve its comment section from a cached fragment
        (core.page_fragments) and never read them. For a signed-in viewer, `page_viewer`
        (community.selectors.page_viewer.PageViewer: the page's likes, their follow and
        unread count, which the like and follow buttons and the account menu show), read in
        one query when first shown."""
        context = super().get_context(request, *args, **kwargs)
        section = SimpleLazyObject(partial(self.comment_section_context, request))
        context["comments"] = SimpleLazyObject(lambda: section["comments"])
        context["comment_form"] = SimpleLazyObject(lambda: section["comment_form"])
        viewer = getattr(request, "user", None)
        if viewer is not None and viewer.is_authenticated:
            from ..selectors.page_viewer import page_viewer_get

            context["page_viewer"] = SimpleLazyObject(
                partial(page_viewer_get, page=self, viewer=viewer)
            )
        return context

    def comment_section_context(self, request):
        """`comments` and the empty `comment_form`, for this viewer and the query string's sort,
        comment page and reply."""
        # Models load before the selectors and forms that query and validate them.
        from ..forms.comments import CommentForm
        from ..selectors.comment_section import comment_section_get

        comments = comment_section_get(
            page=self,
            viewer=getattr(request, "user", None) or AnonymousUser(),
            sort=request.GET.get("sort", self.comment_sort_default),
            page_number=request.GET.get("comments_page", 1),
            reply_to_pk=request.GET.get("reply_to"),
        )
        reply_to = comments.reply_to
        form = CommentForm(
            initial={"parent": reply_to.pk if reply_to else None},
            **self.comment_form_options(reply_to=reply_to),
        )
        return {"comments": comments, "comment_form": form}

    def comment_form_options(self, *, reply_to):
        """Keyword arguments of this page's CommentForm (a topic's top-level form asks for a
        stance)."""
        return {}


@cache
def discussable_page_models():
    """The page classes that take comments: every installed model with DiscussablePageMixin
    (found once, after the apps are loaded: page listings ask for every row)."""
    return [model for model in apps.get_models() if issubclass(model, DiscussablePageMixin)]


class DiscussionSourceChooserPanel(PageChooserPanel):
    """Chooses a page a topic grew out of: any page that takes comments but an opinion exchange
    (today the articles)."""

    def on_model_bound(self):
        super().on_model_bound()
        self.page_type = [
            model
            for model in discussable_page_models()
            if not getattr(model, "is_opinion_exchange", False)
        ]
