"""Member pages (the public profile, a member's own profile, data download and 退会) and the
forms of discussions (posting, editing, deleting, liking and reporting comments).

Views translate HTTP to community.selectors / community.services and back. Access is checked
once per view, by its decorator; public profiles are open to everyone.
"""

import json
from functools import wraps

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Page

from articles.selectors import paginate

from . import selectors, services
from .forms import AccountDeleteForm, CommentForm, CommentReportForm, ProfileForm
from .models import Comment, CommentStatus
from .ratelimit import client_ip, rate_limit_consume

ACTIVITY_PER_PAGE = 20
PROFILE_RATE_LIMITED = gettext_lazy(
    "You have saved your profile many times in a short while. "
    "Please wait a few minutes and try again."
)


@require_GET
def member_detail(request, pk):
    member = selectors.member_public_get(pk=pk)
    activity = selectors.member_public_activity(member=member)
    context = {
        "member": member,
        "attributes": selectors.member_public_attributes(member=member, viewer=request.user),
        "activity": paginate(activity, request.GET.get("page"), per_page=ACTIVITY_PER_PAGE),
        "is_own_profile": request.user.pk == member.pk,
    }
    return render(request, "community/member_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    form, status = _profile_form_handle(request)
    if status is None:
        messages.success(request, _("Your profile has been saved."))
        return redirect("community:profile_edit")
    context = {"form": form, "has_public_page": selectors.member_has_public_page(request.user)}
    return render(request, "community/profile_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile_welcome(request):
    """The skippable 「プロフィールを設定」 step members reach after signing up."""
    next_url = _next_url(request)
    form, status = _profile_form_handle(request)
    if status is None:
        messages.success(request, _("Welcome! Your profile has been saved."))
        return redirect(next_url)
    context = {"form": form, "next": next_url}
    return render(request, "community/profile_welcome.html", context, status=status)


def _profile_form_handle(request):
    """(form, status): the ProfileForm to show and the HTTP status to show it with, or status
    None once a POST has saved the profile. Saves count against the "profile" rate limit."""
    member = request.user
    if request.method != "POST":
        return ProfileForm(member=member), 200
    form = ProfileForm(request.POST, request.FILES, member=member)
    if not rate_limit_consume(request, scope="profile"):
        form.add_error(None, PROFILE_RATE_LIMITED)
        return form, 429
    if not form.is_valid():
        return form, 200
    try:
        services.member_profile_update(member=member, **form.cleaned_data)
    except ValidationError as error:
        member.refresh_from_db()
        form.add_error(None, error)
        return form, 200
    return form, None


def _next_url(request):
    wanted = request.POST.get("next") or request.GET.get("next")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
@require_GET
def data_export(request):
    """「データのダウンロード」: everything we keep about the member, as a JSON file."""
    data = selectors.member_data_export(member=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"yoriai-data-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _staff_account_kept(view):
    """Staff get the 退会 page's explanation that a superuser removes their account in the
    admin, and no form (services.member_delete refuses them too)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if selectors.user_is_staff(request.user):
            context = {"staff_account": True}
            return render(request, "community/account_delete.html", context, status=403)
        return view(request, *args, **kwargs)

    return wrapper


@login_required
@require_http_methods(["GET", "POST"])
@_staff_account_kept
@reauthentication_required(allow_get=True)
def account_delete(request):
    """「退会する」: explains what is removed and kept, then closes the account on confirmation.

    The confirming POST first asks the member to re-authenticate the allauth way (password,
    a code mailed to them, or two-factor authentication), then carries on by itself."""
    member = request.user
    form = AccountDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        logout(request)
        services.member_delete(member=member)
        messages.success(
            request, _("Your account has been deleted. Thank you for taking part in Yoriai.")
        )
        return redirect("wagtail_serve", "")  # the home page, in the language in use
    return render(request, "community/account_delete.html", {"form": form})


# --- Comments ---------------------------------------------------------------------------------

RATE_LIMIT_CODES = {"too_soon", "first_day_limit"}


def _poster_required(view):
    """Signed-in members who may not post (no verified e-mail address) are sent to confirm
    one, with a message; everyone else reaches the view."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not services.member_can_post(request.user):
            messages.error(request, _("Confirm your e-mail address before you post."))
            return redirect("account_email")
        return view(request, *args, **kwargs)

    return wrapper


def _comment_url(request, comment):
    return f"{comment.page.get_url(request)}#comment-{comment.pk}"


def _error_code(error):
    return getattr(error, "code", None)


@login_required
@require_POST
@_poster_required
def comment_post(request, page_id):
    """Post a comment or a reply and go back to it on the page; a refused one is shown again
    with its text and the reason (400, or 429 when the member must wait)."""
    page = get_object_or_404(Page.objects.live().public().specific(), pk=page_id)
    form = CommentForm(request.POST)
    if form.is_spam or not form.is_valid():
        return redirect(f"{page.get_url(request)}#comments")
    try:
        comment = services.comment_create(
            author=request.user,
            page=page,
            body=form.cleaned_data["body"],
            parent=_reply_parent(page=page, pk=form.cleaned_data["parent"]),
            ip_address=client_ip(request),
        )
    except services.CommentError as error:
        form.add_error(None, error)
        status = 429 if _error_code(error) in RATE_LIMIT_CODES else 400
        context = {"page": page, "form": form, "reply_to": _reply_shown(form)}
        return render(request, "community/comment_form_page.html", context, status=status)
    if comment.status == CommentStatus.PENDING:
        messages.success(request, _("Thank you. Your comment will be published once approved."))
    else:
        messages.success(request, _("Your comment has been posted."))
    return redirect(_comment_url(request, comment))


def _reply_parent(*, page, pk):
    if pk is None:
        return None
    parent = Comment.objects.filter(page_id=page.pk, pk=pk).first()
    if parent is None:
        raise services.CommentError(
            _("The comment you are replying to is no longer available."), code="parent"
        )
    return parent


def _reply_shown(form):
    pk = form.cleaned_data.get("parent")
    return Comment.objects.select_related("author").filter(pk=pk).first() if pk else None


@login_required
@require_http_methods(["GET", "POST"])
@_poster_required
def comment_edit(request, pk):
    """The author's own comment, on a page of its own."""
    comment = get_object_or_404(
        Comment.objects.select_related("page").exclude(status=CommentStatus.DELETED),
        pk=pk,
        author=request.user,
    )
    form = CommentForm(request.POST or None, initial={"body": comment.body_source})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(
                comment=comment, editor=request.user, body=form.cleaned_data["body"]
            )
        except services.CommentError as error:
            form.add_error(None, error)
            status = 400
        else:
            messages.success(request, _("Your comment has been saved."))
            return redirect(_comment_url(request, comment))
    context = {"comment": comment, "form": form}
    return render(request, "community/comment_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request, pk):
    """Asks, then deletes a comment: its author's, or anyone's for a moderator."""
    comment = get_object_or_404(
        Comment.objects.select_related("page").exclude(status=CommentStatus.DELETED), pk=pk
    )
    if comment.author_id != request.user.pk and not request.user.has_perm(
        services.MODERATE_PERMISSION
    ):
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
    """Like (スキ) a comment, or take the like back; back to the comment."""
    comment = get_object_or_404(Comment.objects.select_related("page"), pk=pk)
    try:
        services.like_toggle(member=request.user, comment=comment)
    except services.CommentError as error:
        messages.error(request, error.messages[0])
    return redirect(_comment_url(request, comment))


@login_required
@require_POST
@_poster_required
def page_like(request, page_id):
    """Like (スキ) a page, or take the like back; back to the page's comments."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id)
    services.like_toggle(member=request.user, page=page)
    return redirect(f"{page.get_url(request)}#comments")


@login_required
@require_http_methods(["GET", "POST"])
@_poster_required
def comment_report(request, pk):
    """Report (通報) someone else's comment with a reason; once per comment."""
    comment = get_object_or_404(
        Comment.objects.select_related("page", "author").filter(status=CommentStatus.PUBLISHED),
        pk=pk,
    )
    form = CommentReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_report(comment=comment, reporter=request.user, **form.cleaned_data)
        except services.CommentError as error:
            form.add_error(None, error)
            status = 400
        else:
            messages.success(request, _("Thank you. Moderators will look at this comment."))
            return redirect(_comment_url(request, comment))
    context = {"comment": comment, "form": form}
    return render(request, "community/comment_report.html", context, status=status)
