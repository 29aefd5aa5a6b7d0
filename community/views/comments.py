"""The forms of discussions: posting, editing, deleting, liking and reporting comments.

Views translate HTTP to community.services (comments, likes, reports) and back. Access is
checked once per view, by its decorators.
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Page

from core.ratelimit import client_ip

from ..forms.comments import CommentForm, CommentReportForm
from ..models import CommentStatus, TopicPage
from ..selectors.comment_section import comment_section_get
from ..selectors.comments import (
    comment_on_discussable_page_get,
    comment_page_number,
    discussable_page_get,
    reply_target_get,
)
from ..services import comments as services
from ..services import reports
from ..services.discussions import MODERATE_PERMISSION, discussion_mode
from ..services.likes import like_toggle
from ..services.posting import CommentError, member_post_refusal, wait_message

RATE_LIMIT_CODES = {"too_soon", "first_day_limit"}
EDITABLE_STATUSES = [CommentStatus.PUBLISHED, CommentStatus.PENDING, CommentStatus.HIDDEN]


def _poster_required(view):
    """Signed-in members without a verified e-mail address are sent to confirm one, with a
    message. Other refusals (a suspension) are the services' to raise: each view shows them
    where the member is, with what they typed kept."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        refusal = member_post_refusal(request.user)
        if refusal is not None and refusal.code == "email_unverified":
            messages.error(request, refusal.messages[0])
            return _redirect(request, reverse("account_email"))
        return view(request, *args, **kwargs)

    return wrapper


def _saved_message(comment):
    """「意見を保存しました。」 for an opinion on a topic, 「返信を…」 for a reply there, else
    「コメントを…」: the words the page around it uses."""
    if not _is_topic(comment.page):
        return _("Your comment has been saved.")
    if comment.parent_id:
        return _("Your reply has been saved.")
    return _("Your opinion has been saved.")


def _comment_url(request, comment, *, number=None, **query):
    """The comment in its thread: the article page, on the page of comments (`number`, found
    when not given) that holds it; `query` adds parameters such as `posted`."""
    if number is None:
        number = comment_page_number(page=comment.page, comment=comment, viewer=request.user)
    if number > 1:
        query = {"comments_page": number, **query}
    if _is_topic(comment.page):
        # comment_page_number counts in the oldest-first order; topics open newest first.
        query = {"sort": "oldest", **query}
    suffix = f"?{urlencode(query)}" if query else ""
    return f"{comment.page.get_url(request)}{suffix}#comment-{comment.pk}"


@require_GET
def comment_permalink(request, pk):
    """A comment's lasting address (/comments/<id>/, used in notifications and e-mails): goes
    to the comment in its thread, also when newer comments have pushed it to a later page."""
    return redirect(_comment_url(request, comment_on_discussable_page_get(pk=pk)))


def _is_topic(page):
    return issubclass(page.specific_class or Page, TopicPage)


def _is_htmx(request):
    """Whether htmx sent `request`: it then swaps the answer into the page it came from."""
    return request.headers.get("HX-Request") == "true"


def _redirect(request, url):
    """Go to `url`; htmx is asked to load it as a whole page instead of swapping it in."""
    if _is_htmx(request):
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


def _error_code(error):
    return getattr(error, "code", None)


@login_required
@require_POST
@_poster_required
def comment_post(request, page_id):
    """Post a comment or a reply; see _comment_landing and _comment_refused for the answers."""
    page = discussable_page_get(pk=page_id)
    form = CommentForm(request.POST, opinion=_is_topic(page) and not request.POST.get("parent"))
    if form.is_spam:
        return _comment_refused(request, page=page, form=form.honeypot_refusal(), status=400)
    if not form.is_valid():  # only a `parent` that is not a number: not sent by our form
        return _comment_refused(request, page=page, form=form, status=400)
    try:
        comment = services.comment_create(
            author=request.user,
            page=page,
            body=form.cleaned_data["body"],
            parent=_reply_parent(page=page, pk=form.cleaned_data["parent"]),
            stance=form.cleaned_data["stance"],
            ip_address=client_ip(request),
        )
    except CommentError as error:
        if _error_code(error) in RATE_LIMIT_CODES:
            wait = _wait(error)
            return _comment_refused(request, page=page, form=form, status=429, wait=wait)
        form.add_error(None, error)
        return _comment_refused(request, page=page, form=form, status=400)
    return _comment_landing(request, page=page, comment=comment)


def _wait(error, *, message=wait_message, done=None):
    """A pace limit for includes/comment_wait.html: a wait to announce, not an error in the
    text; with `seconds` when the button can count them down (in `message`'s words: the
    services' wait_message or vote_wait_message) and what to say when it is over."""
    seconds = (error.params or {}).get("seconds")
    wait = {"message": error.messages[0], "seconds": seconds}
    if seconds:
        wait["one"] = message("{seconds}", count=1)
        wait["other"] = message("{seconds}", count=2)
        wait["done"] = done or _("You can post now.")
    return wait


def _comment_landing(request, *, page, comment):
    """Where a posted comment is shown, with a notice under it (comment.html, `posted`): the
    page of the thread that has it, or for htmx the comments section to swap in, its form
    emptied, scrolled to the comment."""
    number = comment_page_number(page=page, comment=comment, viewer=request.user)
    if _is_htmx(request):
        comments = comment_section_get(page=page, viewer=request.user, page_number=number)
        context = {
            "page": page,
            "comments": comments,
            "comment_form": CommentForm(opinion=_is_topic(page)),
            "posted": comment.pk,
        }
        response = render(request, page.specific_class.comment_section_template, context)
        response["HX-Reswap"] = f"outerHTML show:#comment-{comment.pk}:top"
        return response
    return redirect(_comment_url(request, comment, number=number, posted=comment.pk))


def _comment_refused(request, *, page, form, status, wait=None):
    """The form again with its text and the reason: on a page of its own (`status`: 400, or
    429 when the member must wait, `wait` saying how long), or for htmx in place of the
    page's form (200, so that htmx swaps it in)."""
    context = {
        "page": page,
        "form": form,
        "wait": wait,
        "reply_to": _reply_shown(form, page=page),
        "mode": discussion_mode(page),
    }
    if _is_htmx(request):
        response = render(request, "community/includes/comment_form.html", context)
        response["HX-Retarget"] = "#comment-form"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "community/comment_form_page.html", context, status=status)


def _reply_parent(*, page, pk):
    if pk is None:
        return None
    parent = reply_target_get(page=page, pk=pk)
    if parent is None:
        raise CommentError(
            _("The comment you are replying to is no longer available."), code="parent"
        )
    return parent


def _reply_shown(form, *, page):
    pk = form.cleaned_data.get("parent")
    return reply_target_get(page=page, pk=pk) if pk else None


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@_poster_required
def comment_edit(request, pk):
    """The author's own comment, on a page of its own."""
    comment = comment_on_discussable_page_get(
        pk=pk, author=request.user, status__in=EDITABLE_STATUSES
    )
    form = CommentForm(request.POST or None, initial={"body": comment.body_source})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(
                comment=comment, editor=request.user, body=form.cleaned_data["body"]
            )
        except CommentError as error:
            form.add_error(None, error)
            status = 400
        else:
            messages.success(request, _saved_message(comment))
            return redirect(_comment_url(request, comment))
    context = {"comment": comment, "form": form}
    return render(request, "community/comment_edit.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request, pk):
    """Asks, then deletes a comment: its author's, or anyone's for a moderator."""
    comment = comment_on_discussable_page_get(pk=pk, status__in=EDITABLE_STATUSES)
    if comment.author_id != request.user.pk and not request.user.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied
    if request.method == "POST":
        services.comment_delete(comment=comment, actor=request.user)
        messages.success(request, _("The comment has been deleted."))
        return redirect(f"{comment.page.get_url(request)}#comments")
    return render(request, "community/comment_delete.html", {"comment": comment})


@login_required
@require_POST
@_poster_required
def comment_like(request, pk):
    """Like (スキ) a comment, or take the like back; back to the comment, or for htmx its
    like button again."""
    comment = comment_on_discussable_page_get(pk=pk)
    try:
        liked, count = like_toggle(member=request.user, comment=comment)
    except CommentError as error:
        messages.error(request, error.messages[0])
        return _redirect(request, _comment_url(request, comment))
    if _is_htmx(request):
        comment.liked_by_viewer, comment.like_count = liked, count
        return render(request, "community/includes/comment_like.html", {"comment": comment})
    return redirect(_comment_url(request, comment))


@login_required
@require_POST
@_poster_required
def page_like(request, page_id):
    """Like (スキ) a page, or take the like back; back to the page's comments, or for htmx
    its like button again."""
    page = discussable_page_get(pk=page_id)
    try:
        liked, count = like_toggle(member=request.user, page=page)
    except CommentError as error:
        messages.error(request, error.messages[0])
        return _redirect(request, f"{page.get_url(request)}#comments")
    if _is_htmx(request):
        # page_like.html reads these from `comments` (on the page: its PageLikes).
        likes = {"like_count": count, "liked_by_viewer": liked}
        return render(
            request, "community/includes/page_like.html", {"page": page, "comments": likes}
        )
    return redirect(f"{page.get_url(request)}#comments")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@_poster_required
def comment_report(request, pk):
    """Report (通報) someone else's comment with a reason; once per comment. Your own
    comment gets a page that says it cannot be reported (400 when posted anyway)."""
    comment = comment_on_discussable_page_get(pk=pk, status=CommentStatus.PUBLISHED)
    if comment.author_id == request.user.pk:
        status = 400 if request.method == "POST" else 200
        context = {"comment": comment, "own_comment": True}
        return render(request, "community/comment_report.html", context, status=status)
    form = CommentReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            reports.comment_report(comment=comment, reporter=request.user, **form.cleaned_data)
        except CommentError as error:
            form.add_error(None, error)
            status = 400
        else:
            messages.success(request, _("Thank you. Moderators will look at this comment."))
            return redirect(_comment_url(request, comment))
    context = {"comment": comment, "form": form}
    return render(request, "community/comment_report.html", context, status=status)
