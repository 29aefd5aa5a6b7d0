"""allauth hooks for members: where a newcomer lands after signing up or first signing in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

FIRST_LOGIN_SESSION_KEY = "community_first_login"


class AccountAdapter(DefaultAccountAdapter):
    """Sends newcomers to the skippable 「プロフィールを設定」 step; everything else as allauth."""

    def login(self, request, user):
        first_login = user.last_login is None
        super().login(request, user)
        if first_login:
            request.session[FIRST_LOGIN_SESSION_KEY] = True

    def get_signup_redirect_url(self, request):
        return reverse("community:profile_welcome")

    def get_login_redirect_url(self, request):
        first_login = request.session.pop(FIRST_LOGIN_SESSION_KEY, False)
        if first_login and request.user.profile_missing:
            return reverse("community:profile_welcome")
        return super().get_login_redirect_url(request)
