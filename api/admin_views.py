"""「APIキー」 in the Wagtail admin: the list of keys with their state and last use, issuing a key
(shown once, on the answer to the form, and never again) and revoking one after a confirmation.
Nobody edits or deletes a key: a revoked key stays listed, so staff see who had one and when.

Who may do what is decided here and only here, one permission per screen (docs/roles.md):
seeing the list `api.view_apikey`, issuing `api.add_apikey`, revoking `api.change_apikey`."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.access import permission_required_or_forbidden
from core.japan import japan_zone

from .forms import ApiKeyIssueForm
from .keys import api_key_issue, api_key_revoke
from .main import ApiKeyAuth
from .models import ApiKey

VIEW_PERMISSION = "api.view_apikey"
ISSUE_PERMISSION = "api.add_apikey"
REVOKE_PERMISSION = "api.change_apikey"
PERMISSIONS = (VIEW_PERMISSION, ISSUE_PERMISSION, REVOKE_PERMISSION)
# One token per form shown, spent by the key it issues: the browser's "send again" after a
# reload of the page that shows the key issues no second key.
ISSUE_TOKENS = "api_key_issue_tokens"
ISSUE_TOKENS_KEPT = 5


@permission_required_or_forbidden(VIEW_PERMISSION)
@require_GET
def index(request):
    context = {
        "page_title": _("API keys"),
        "api_keys": ApiKey.objects.select_related("created_by"),
        "may_issue": request.user.has_perm(ISSUE_PERMISSION),
        "may_revoke": request.user.has_perm(REVOKE_PERMISSION),
        "zone": japan_zone(),
    }
    return TemplateResponse(request, "api/admin/api_keys/index.html", context)


@permission_required_or_forbidden(ISSUE_PERMISSION)
@require_http_methods(["GET", "POST"])
@never_cache  # the answer to the form holds the key itself: no copy of it in any cache
def issue(request):
    """The form (a name); once it is valid, the page that shows the new key, this once."""
    form = ApiKeyIssueForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        context = {"page_title": _("Issue an API key"), "form": form}
        context["issue_token"] = _issue_token_new(request)
        return TemplateResponse(request, "api/admin/api_keys/issue.html", context)
    if not _issue_token_spend(request, request.POST.get("issue_token", "")):
        messages.warning(request, _("This form has already issued its key: it is in the list."))
        return redirect("api_keys:index")
    api_key, raw_key = api_key_issue(name=form.cleaned_data["name"], created_by=request.user)
    context = {
        "page_title": _("The API key was issued"),
        "api_key": api_key,
        "raw_key": raw_key,
        "header": ApiKeyAuth.param_name,
        "example_url": request.build_absolute_uri("/api/v1/articles/"),
        "limits": _limits(),
    }
    return TemplateResponse(request, "api/admin/api_keys/issued.html", context)


def _issue_token_new(request):
    token = secrets.token_urlsafe(16)
    kept = request.session.get(ISSUE_TOKENS, [])[-(ISSUE_TOKENS_KEPT - 1) :]
    request.session[ISSUE_TOKENS] = [*kept, token]
    return token


def _issue_token_spend(request, token):
    """True, once, for a token this session's issue form was given."""
    tokens = request.session.get(ISSUE_TOKENS, [])
    if token not in tokens:
        return False
    request.session[ISSUE_TOKENS] = [kept for kept in tokens if kept != token]
    return True


def _limits():
    """The requests a caller may make with a key and without one, and in how many minutes."""
    with_key, key_seconds = settings.RATE_LIMITS["api_key"]
    without, seconds = settings.RATE_LIMITS["api"]
    return {
        "with_key": with_key,
        "key_minutes": key_seconds // 60,
        "without": without,
        "minutes": seconds // 60,
    }


@permission_required_or_forbidden(REVOKE_PERMISSION)
@require_http_methods(["GET", "POST"])
def revoke(request, pk):
    """A confirmation page; its form (POST) revokes the key and goes back to the list."""
    api_key = get_object_or_404(ApiKey.objects.select_related("created_by"), pk=pk)
    if not api_key.is_active:
        messages.info(request, _("This API key has already been revoked."))
        return redirect("api_keys:index")
    if request.method == "POST":
        api_key_revoke(api_key=api_key)
        messages.success(request, _("The API key “%(name)s” was revoked.") % {"name": api_key.name})
        return redirect("api_keys:index")
    context = {
        "page_title": _("Revoke the API key"),
        "api_key": api_key,
        "zone": japan_zone(),
        "cancel_url": reverse("api_keys:index"),
    }
    return TemplateResponse(request, "api/admin/api_keys/revoke.html", context)
