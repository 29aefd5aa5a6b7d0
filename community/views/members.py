"""Member pages: the public profile, a member's own profile, data download and 退会.

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
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.downloads import attachment, dated_filename
from core.pagination import paginate
from core.ratelimit import rate_limit_consume
from core.redirects import safe_next_url

from ..forms.members import AccountDeleteForm, ProfileForm
from ..selectors import members as selectors
from ..selectors.member_export import member_data_export
from ..services import members as services

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


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    form, status = _profile_form_handle(request)
    if status is None:
        messages.success(request, _("Your profile has been saved."))
        return redirect("community:profile_edit")
    context = {"form": form, "has_public_page": selectors.member_has_public_page(request.user)}
    return render(request, "community/profile_edit.html", context, status=status)


@never_cache
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
    return safe_next_url(request, wanted, fallback=resolve_url(settings.LOGIN_REDIRECT_URL))


@login_required
@require_GET
def data_export(request):
    """「データのダウンロード」: everything we keep about the member, as a JSON file."""
    data = member_data_export(member=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    attachment(response, dated_filename("yoriai-data", extension="json"))
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


@never_cache
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
