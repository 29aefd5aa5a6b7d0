"""allauth hooks for members: where a newcomer lands after signing up or first signing in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils.http import urlencode

from .selectors.members import user_is_staff

FIRST_LOGIN_SESSION_KEY = "community_first_login"


class AccountAdapter(DefaultAccountAdapter):
    """Sends newcomers to the skippable 「プロフィールを設定」 step, carrying the `next` they
    came with; staff go to the admin instead. Everything else as allauth."""

    def login(self, request, user):
        first_login = user.last_login is None
        super().login(request, user)
        if first_login:
            request.session[FIRST_LOGIN_SESSION_KEY] = True

    def post_login(self, request, user, *, signup, redirect_url, **kwargs):
        # allauth follows a `next` given at sign-up straight away; pass it through the welcome
        # step instead (views.profile_welcome checks it again before using it).
        if signup and isinstance(redirect_url, str) and redirect_url and not user_is_staff(user):
            welcome = reverse("community:profile_welcome")
            redirect_url = f"{welcome}?{urlencode({'next': redirect_url})}"
        return super().post_login(request, user, signup=signup, redirect_url=redirect_url, **kwargs)

    def get_signup_redirect_url(self, request):
        if user_is_staff(request.user):
            return reverse("wagtailadmin_home")
        return reverse("community:profile_welcome")

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth keys failed sign-ins on the request's host name: behind a load balancer
        # that forwards another Host, or with several names in ALLOWED_HOSTS, each name would
        # get its own 5 attempts. One key per address, whichever name was used. (A private
        # allauth hook: tests/community/test_ratelimits.py notices if it stops being called.)
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"login:{login}"

    def get_login_redirect_url(self, request):
        first_login = request.session.pop(FIRST_LOGIN_SESSION_KEY, False)
        if user_is_staff(request.user):
            return reverse("wagtailadmin_home")
        if first_login and request.user.profile_missing:
            return reverse("community:profile_welcome")
        return super().get_login_redirect_url(request)
