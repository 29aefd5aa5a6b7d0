"""「意見を入力する」 in the Wagtail admin: staff key in, one after another, the opinions a topic
received on paper, at a counter, by post or e-mail or at an event; and the list of topics that
leads there (its own menu item, for Responders who have no page screens).

Wagtail lets only staff with admin access reach /admin/ (members are sent to sign in). The
decorator checks the rest once: `community.enter_opinions` (Editors, Responders); other staff
get the 403 page. The topic may be open, ended or closed: letters arrive late.
"""

from functools import wraps

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.access import forbidden, permission_required_or_forbidden
from core.channels import Channel
from core.pagination import paginate

from ..forms.entered_opinions import EnteredOpinionForm
from ..models import TopicPage
from ..services.entered_opinions import ENTER_PERMISSION, opinion_enter, opinions_enterable_by
from ..services.posting import CommentError
from .topics_admin import form_errors_add


def opinion_enterer_required(view):
    """The view receives the TopicPage instead of its id, when the user may key in opinions;
    others get 403."""

    @wraps(view)
    def wrapper(request, page_id, *args, **kwargs):
        if not opinions_enterable_by(request.user):
            return forbidden(request)
        topic = get_object_or_404(TopicPage, pk=page_id)
        return view(request, topic, *args, **kwargs)

    return wrapper


TOPICS_PER_PAGE = 30


@permission_required_or_forbidden(ENTER_PERMISSION)
@require_GET
def opinion_enter_list(request):
    """Every topic, newest first, with how many opinions were keyed in for it, each leading to
    its entry screen: Responders have no page screens, where editors find 「意見を入力する」 in
    a topic's menus."""
    keyed_in = Count("discussion_comments", filter=~Q(discussion_comments__channel=Channel.WEB))
    topics = TopicPage.objects.annotate(keyed_in=keyed_in).order_by(
        "-first_published_at", "-latest_revision_created_at", "-pk"
    )
    context = {
        "page_title": _("Enter opinions received"),
        "topics": paginate(topics, request.GET.get("p"), per_page=TOPICS_PER_PAGE),
    }
    return render(request, "community/admin/opinion_enter_list.html", context)


def _session_key(topic):
    return f"entered-opinions:{topic.pk}"


@require_http_methods(["GET", "POST"])
@opinion_enterer_required
def opinion_enter_view(request, topic):
    """The form; once an opinion is saved, the form again, empty but for the channel and date
    of the previous one (a stack of letters usually shares them), with how many were entered
    on this screen in this session."""
    session = request.session.get(_session_key(topic), {})
    initial = {key: session[key] for key in ("channel", "received_on") if key in session}
    form = EnteredOpinionForm(request.POST or None, topic=topic, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                opinion_enter(
                    actor=request.user,
                    topic=topic,
                    body=data["body"],
                    channel=data["channel"],
                    received_on=data["received_on"],
                    stance=data.get("stance", ""),
                    reference=data["reference"],
                )
            except CommentError as error:
                form_errors_add(form, error)
            else:
                count = session.get("count", 0) + 1
                request.session[_session_key(topic)] = {
                    "count": count,
                    "channel": data["channel"],
                    "received_on": data["received_on"].isoformat(),
                }
                messages.success(
                    request,
                    _("1 opinion entered. Opinions entered on this screen: %(count)s")
                    % {"count": count},
                )
                return redirect(reverse("topic_opinion_enter", args=[topic.pk]))
        status = 400
        form.focus_first_error()
    context = {
        "page_title": _("Enter opinions received"),
        "page_subtitle": topic.title,
        "topic": topic,
        "topic_editable": topic.permissions_for_user(request.user).can_edit(),
        "form": form,
        "entered": session.get("count", 0),
    }
    return render(request, "community/admin/opinion_enter.html", context, status=status)
