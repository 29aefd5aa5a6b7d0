"""The respondent's pages: the steps of a survey, the confirmation and the thank-you page.

SurveyPage's routes (surveys.models) call these with a `SurveyPlace`: the live page, or the
staff test copy reached from the Wagtail preview (`/survey-tests/<id>/…`, responses marked as
tests). Each view has one access check, `survey_view`, which shows a Refusal (closed, not yet
open, unpublished, members only, already answered) instead of the form.
"""

import uuid
from dataclasses import dataclass
from functools import wraps
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin

from core.redirects import safe_next_url

from .. import services
from ..forms import (
    SurveyConfirmForm,
    SurveyForm,
    field_names,
    plan_first_invalid,
    raw_data,
    survey_plan,
)
from ..models import SurveyPage
from ..selectors import next_steps
from ..selectors import respondents as selectors

BROWSER_COOKIE = "yoriai_respondent"
BROWSER_SALT = "surveys.respondent"
BROWSER_COOKIE_AGE = 2 * 365 * 24 * 60 * 60
# 戻る leads to the previous step with this fragment: a survey shown one question per screen
# opens that step at its last question, where the respondent left it (static/js/site.js).
LAST_QUESTION = "#last-question"


@dataclass
class SurveyPlace:
    """Where a survey is being answered: its live page, or staff testing it (`is_test`)."""

    survey: SurveyPage
    is_test: bool = False

    def url(self, name="start", number=None):
        kwargs = {"number": number} if number is not None else {}
        if self.is_test:
            return reverse(f"survey_test_{name}", kwargs={"page_id": self.survey.pk, **kwargs})
        if name == "start":
            return self.survey.url
        return self.survey.url + self.survey.reverse_subpage(name, kwargs=kwargs)

    def step_url(self, planned, plan):
        first = plan.steps and plan.steps[0].number == planned.number
        return self.url() if first else self.url("step", number=planned.number)

    def session_key(self, what):
        return f"surveys:{what}:{self.survey.pk}:{'test' if self.is_test else 'live'}"


def browser_token(request):
    token = request.get_signed_cookie(BROWSER_COOKIE, default=None, salt=BROWSER_SALT)
    return token if token and len(token) == 32 and token.isalnum() else None


def _remember_browser(request, response):
    token = browser_token(request) or uuid.uuid4().hex
    response.set_signed_cookie(
        BROWSER_COOKIE,
        token,
        salt=BROWSER_SALT,
        max_age=BROWSER_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return token


def survey_view(*, check=True):
    """The one access check of a respondent's view: a Refusal page instead of the view."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, place, *args, **kwargs):
            if check:
                refusal = selectors.survey_refusal(
                    survey=place.survey,
                    member=request.user,
                    browser_token=browser_token(request),
                    is_test=place.is_test,
                )
                if refusal is not None and _is_replay(request, place, refusal):
                    return _thanks_redirect(request, place)
                if refusal is not None:
                    return refusal_render(request, place, refusal)
            return view(request, place, *args, **kwargs)

        return wrapper

    return decorator


def _is_replay(request, place, refusal):
    """A second POST of a response that went through (a double click, a resend)."""
    token = request.POST.get("submission_token") if request.method == "POST" else None
    if refusal.kind != "answered" or not token:
        return False
    try:
        token = uuid.UUID(token)
    except ValueError:
        return False
    return selectors.response_by_token(survey=place.survey, submission_token=token) is not None


def _thanks_redirect(request, place):
    """A replay lands where the first submission did, also when its session missed the mark
    the first one left (two requests of one session, each saving its own copy)."""
    request.session[place.session_key("sent")] = True
    return redirect(place.url("thanks"))


def refusal_render(request, place, refusal):
    context = {
        **_page_context(request, place),
        "survey": place.survey,
        "refusal": refusal,
        "login_url": _login_url(place),
        "is_test": place.is_test,
    }
    return TemplateResponse(request, "surveys/survey_page.html", context, status=refusal.status)


def _login_url(place):
    return f"{reverse('account_login')}?next={quote(place.url(), safe='/')}"


def _draft(request, place):
    return selectors.draft_get(
        survey=place.survey,
        token=request.session.get(place.session_key("draft")),
        member=request.user,
        is_test=place.is_test,
    )


def _safe_local(request, target):
    return safe_next_url(request, target, fallback=None) is not None


def _return_to(request, place):
    """The safe local URL the thank-you page links back to: remembered in the session from a
    `return_to` the request carries (a card's link, the inline form's field)."""
    target = request.POST.get("return_to") or request.GET.get("return_to")
    if _safe_local(request, target):
        request.session[place.session_key("return")] = target
    return request.session.get(place.session_key("return"), "")


def _plan(request, place, data):
    """The survey as this respondent reads it (forms.survey_plan): in やさしい日本語 when the
    survey has that version and they chose it. The answers are the same in either."""
    easy = place.survey.reading_for(request).easy
    return survey_plan(survey=place.survey, data=data, member=request.user, easy=easy)


def _page_context(request, place):
    """What every page of the survey shows about it: the page, and its texts as this reader
    reads them (readable.versions.Reading)."""
    return {"page": place.survey, "place": place, "reading": place.survey.reading_for(request)}


def survey_form_context(request, place, *, number=None, form=None, data=None, return_to=""):
    """The context of templates/surveys/includes/survey_form.html for step `number` (None: the
    first step shown), or with `refusal` when the respondent may not answer."""
    refusal = selectors.survey_refusal(
        survey=place.survey,
        member=request.user,
        browser_token=browser_token(request),
        is_test=place.is_test,
    )
    context = {"survey": place.survey, "refusal": refusal, "is_test": place.is_test}
    context["login_url"] = _login_url(place)
    if refusal is not None:
        return context
    if data is None:
        draft = _draft(request, place)
        data = draft.data if draft else {}
    plan = _plan(request, place, data)
    planned = plan.get(number) if number is not None else (plan.steps or [None])[0]
    if planned is not None and form is None:
        form = SurveyForm(initial=data, questions=planned.questions, member=request.user)
    context.update(
        plan=plan,
        planned=planned,
        form=form,
        action=place.url("step", number=planned.number) if planned else "",
        # An article embedding the survey passes `return_to`: no session for its readers.
        return_to=return_to if _safe_local(request, return_to) else _return_to(request, place),
    )
    return context


@survey_view()
def survey_start(request, place):
    """The survey's page: its introduction and the first step."""
    context = survey_form_context(request, place)
    context.update(_page_context(request, place))
    return TemplateResponse(request, "surveys/survey_page.html", context)


@survey_view()
def survey_step(request, place, number):
    draft = _draft(request, place)
    data = dict(draft.data) if draft else {}
    plan = _plan(request, place, data)
    planned = plan.get(number)
    if planned is None:
        return redirect(place.url())
    if request.method == "POST":
        return _step_post(request, place, draft, data, planned)
    form = None
    if request.GET.get("check"):
        form = SurveyForm(data=data, questions=planned.questions, member=request.user)
    return _step_render(request, place, number=number, form=form, data=data)


def _step_render(request, place, *, number, form=None, data=None, status=200):
    context = survey_form_context(request, place, number=number, form=form, data=data)
    context.update(_page_context(request, place))
    if context.get("planned") and context["planned"].position == 1:
        return TemplateResponse(request, "surveys/survey_page.html", context, status=status)
    return TemplateResponse(request, "surveys/survey_step.html", context, status=status)


def _step_post(request, place, draft, data, planned):
    """Keep what was typed (always), then go back, on, or show the errors."""
    # Every question of the step, shown or not: an answer on this step may show another.
    for name in field_names(questions=planned.step.questions):
        data.pop(name, None)
    data.update(raw_data(questions=planned.step.questions, post=request.POST))
    draft = services.draft_save(
        survey=place.survey,
        draft=draft,
        member=request.user,
        data=data,
        step=planned.number,
        is_test=place.is_test,
    )
    request.session[place.session_key("draft")] = str(draft.token)
    _return_to(request, place)
    plan = _plan(request, place, data)
    if request.POST.get("action") == "back":
        previous = plan.before(planned.number)
        return redirect(
            (place.step_url(previous, plan) if previous else place.url()) + LAST_QUESTION
        )
    current = plan.get(planned.number) or planned
    form = SurveyForm(data=data, questions=current.questions, member=request.user)
    if not form.is_valid():
        _forgive_new_questions(form, shown_before=planned.questions)
        return _step_render(request, place, number=planned.number, form=form, data=data)
    following = plan.after(planned.number)
    return redirect(place.step_url(following, plan) if following else place.url("confirm"))


def _forgive_new_questions(form, *, shown_before):
    """Questions an answer on this step has just shown were never seen: no errors for them,
    and they are marked new (one question per screen opens the first of them)."""
    seen = {question.id for question in shown_before}
    for question in form.questions:
        if question.id not in seen:
            form.new_question_ids.add(question.id)
            for name in form.names[question.id]:
                form.errors.pop(name, None)


@survey_view()
def survey_confirm(request, place):
    """Review the answers (each with a link back to its step), then send them."""
    draft = _draft(request, place)
    confirm_form = SurveyConfirmForm(
        request.POST or None,
        # One token per draft: a reload, a second tab or a double-click sends the same one,
        # and the database keeps one response for it.
        initial={"submission_token": draft.token if draft else uuid.uuid4()},
        offer_receipt=place.survey.email_receipt and request.user.is_authenticated,
    )
    if request.method == "POST" and confirm_form.is_valid():
        return _submit(request, place, draft, confirm_form)
    if draft is None:
        return redirect(place.url())
    plan = _plan(request, place, draft.data)
    invalid = plan_first_invalid(plan=plan, data=draft.data, member=request.user)
    if invalid is not None:
        return redirect(place.url("step", number=invalid.number) + "?check=1")
    if not plan.steps:
        return redirect(place.url())
    context = {
        **_page_context(request, place),
        "survey": place.survey,
        "plan": plan,
        "review": _review(place, plan),
        "form": confirm_form,
        "action": place.url("confirm"),
        "is_test": place.is_test,
    }
    return TemplateResponse(request, "surveys/survey_confirm.html", context)


def _review(place, plan):
    return [
        {
            "planned": planned,
            "edit_url": place.step_url(planned, plan),
            "answers": [
                (
                    question,
                    question.kind.display(question, plan.answers[question.id])
                    if question.id in plan.answers
                    else None,
                )
                for question in planned.questions
            ],
        }
        for planned in plan.steps
    ]


def _submit(request, place, draft, confirm_form):
    token = draft.token if draft else confirm_form.cleaned_data["submission_token"]
    if draft is None:  # a replayed POST after the first one went through
        done = selectors.response_by_token(survey=place.survey, submission_token=token)
        return _thanks_redirect(request, place) if done else redirect(place.url())
    plan = _plan(request, place, draft.data)
    invalid = plan_first_invalid(plan=plan, data=draft.data, member=request.user)
    if invalid is not None:
        return redirect(place.url("step", number=invalid.number) + "?check=1")
    anonymous_browser = not request.user.is_authenticated
    redirect_response = redirect(place.url("thanks"))
    browser = _remember_browser(request, redirect_response) if anonymous_browser else None
    try:
        response, created = services.response_submit(
            survey=place.survey,
            respondent=request.user,
            answers=plan.answers,
            submission_token=token,
            is_test=place.is_test,
            browser_token=browser,
            started_at=draft.created_at,
            draft=draft,
        )
    except ValidationError as error:
        refusal = selectors.Refusal(error.code or "refused", error.messages[0])
        return refusal_render(request, place, refusal)
    if created and confirm_form.cleaned_data.get("email_receipt"):
        services.receipt_enqueue(
            survey=place.survey, member=request.user, response=response, plan=plan
        )
    request.session.pop(place.session_key("draft"), None)
    request.session[place.session_key("sent")] = True
    return redirect_response


@survey_view(check=False)
def survey_thanks(request, place):
    """The thank-you message, for whoever has just sent a response in this browser; anyone
    else is sent to the survey itself."""
    if not request.session.get(place.session_key("sent")):
        return redirect(place.url())
    context = {
        **_page_context(request, place),
        "survey": place.survey,
        "return_to": request.session.get(place.session_key("return"), ""),
        "is_test": place.is_test,
        "topics": next_steps.survey_related_topics(survey=place.survey),
        "results_expected": next_steps.results_expected(survey=place.survey),
    }
    return TemplateResponse(request, "surveys/survey_thank_you.html", context)


def survey_unpublished(request, survey):
    """A survey that is not (or no longer) published explains itself, naming nothing."""
    refusal = selectors.Refusal("unpublished", selectors.NOT_PUBLISHED, status=404)
    context = {"page": None, "survey": None, "refusal": refusal}
    return TemplateResponse(request, "surveys/survey_page.html", context, status=404)


# Staff testing a survey from the Wagtail preview ------------------------------------------


def survey_tester_required(view):
    """Only staff who may edit the survey test it; they answer its latest revision."""

    @wraps(view)
    @xframe_options_sameorigin
    def wrapper(request, page_id, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        page = get_object_or_404(SurveyPage, pk=page_id)
        if not page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        survey = page.get_latest_revision_as_object()
        return view(request, SurveyPlace(survey, is_test=True), **kwargs)

    return wrapper


def survey_preview(request, survey):
    """Wagtail's preview: the survey's first step, answered as a test."""
    if survey.pk is None:  # a new survey, never saved: nothing to answer yet
        context = {"page": survey, "survey": survey, "unsaved": True}
        return TemplateResponse(request, "surveys/survey_page.html", context)
    place = SurveyPlace(survey, is_test=True)
    context = survey_form_context(request, place)
    context.update(_page_context(request, place))
    return TemplateResponse(request, "surveys/survey_page.html", context)


test_start = survey_tester_required(survey_start)
test_step = survey_tester_required(survey_step)
test_confirm = survey_tester_required(survey_confirm)
test_thanks = survey_tester_required(survey_thanks)
