"""The reader's choices (readable.preferences): a page to choose furigana and やさしい日本語, and
the POST that the header's 「ふりがな」 switch and a page's version switch send. No sign-in and
nothing stored on the server: cookies only, so CSRF-checked but not rate-limited."""

from django import forms
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from .preferences import (
    easy_japanese_preferred,
    furigana_choice,
    furigana_choices,
    preferences_set,
)


class PreferencesForm(forms.Form):
    furigana = forms.ChoiceField(label=_("Furigana"), required=False, widget=forms.RadioSelect)
    yasashii = forms.TypedChoiceField(
        label=_("Version of pages"),
        choices=[("0", _("Ordinary Japanese")), ("1", _("Easy Japanese"))],
        widget=forms.RadioSelect,
        coerce=lambda value: value == "1",
        empty_value=None,
        required=False,
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["furigana"].choices = furigana_choices()


@require_http_methods(["GET", "POST"])
def reading_preferences(request):
    """GET: the choices as they stand. POST: change the choices sent (a field left out stays as
    it is) and go back to `next` (this site's pages only; else this page)."""
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            furigana = data["furigana"] if "furigana" in request.POST else None
            response = redirect(_safe_next(request, data["next"]) or request.path)
            return preferences_set(response, furigana=furigana, easy=data["yasashii"])
    else:
        form = PreferencesForm(
            initial={
                "furigana": furigana_choice(request),
                "yasashii": "1" if easy_japanese_preferred(request) else "0",
                "next": request.GET.get("next", ""),
            }
        )
    return render(request, "readable/preferences.html", {"form": form})


def _safe_next(request, next_url):
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return None
