"""Staff's screens for a consultation's opinions in the Wagtail admin: the list of
consultations, the grouping board (tick opinions into groups, merge and split groups) and a
group's answer (summary, the organisation's view, disposition, quotes and follow-up).

Every view is behind `consultation_view` (or, for the list, the same permission): the only
access check. Writes go through consultations.services.
"""

from functools import wraps

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.access import permission_required_or_forbidden
from core.pagination import paginate

from . import services
from .forms import BoardForm, OpinionGroupForm, ProgressNoteForm
from .models import ConsultationPage, OpinionGroup
from .selectors import consultation_list, grouping_board

ANSWER_PERMISSION = "consultations.answer_opinions"

# Only staff holding the permission (Responders, Editors, superusers) get through.
answer_permission_required = permission_required_or_forbidden(ANSWER_PERMISSION)


def consultation_view(view):
    """answer_permission_required, and the view receives the consultation as staff last saved
    it (its latest revision: the source chosen in a draft counts) instead of its id."""

    @answer_permission_required
    @wraps(view)
    def wrapper(request, page_id, *args, **kwargs):
        page = get_object_or_404(ConsultationPage, pk=page_id)
        return view(request, page.get_latest_revision_as_object(), *args, **kwargs)

    return wrapper


@answer_permission_required
def index(request):
    consultations = paginate(consultation_list(), request.GET.get("p"), per_page=50)
    context = {"page_title": _("Answers to opinions"), "consultations": consultations}
    return TemplateResponse(request, "consultations/admin/index.html", context)


@consultation_view
def board(request, consultation):
    """The grouping board; a POST does one action on the opinions and groups ticked."""
    current = grouping_board(consultation)
    form = BoardForm(request.POST or None, board=current)
    if request.method == "POST" and form.is_valid():
        messages.success(request, _board_action(consultation, form.cleaned_data))
        return redirect("consultations:board", consultation.pk)
    context = {
        "page_title": _("Group and answer the opinions"),
        "consultation": consultation,
        "board": current,
        "form": form,
        "heading": consultation.view_heading(request),
        "ticked": set(form["opinions"].value() or ()),
        "ticked_groups": {int(pk) for pk in form["groups"].value() or () if pk.isdigit()},
    }
    return TemplateResponse(request, "consultations/admin/board.html", context)


def _board_action(consultation, data):
    """Does the board's action; returns what to tell staff."""
    action, keys = data["action"], data["opinions"]
    if action == "create":
        services.group_create(consultation=consultation, summary=data["summary"], keys=keys)
        return _("The group “%(summary)s” was made.") % {"summary": data["summary"]}
    if action == "move":
        group = consultation.opinion_groups.get(pk=data["target"])
        moved = services.opinions_move(consultation=consultation, keys=keys, group=group)
        return ngettext(
            "%(count)d opinion moved to group %(number)d.",
            "%(count)d opinions moved to group %(number)d.",
            moved,
        ) % {"count": moved, "number": group.position}
    if action == "ungroup":
        removed = services.opinions_ungroup(consultation=consultation, keys=keys)
        return ngettext(
            "%(count)d opinion taken out of its group.",
            "%(count)d opinions taken out of their groups.",
            removed,
        ) % {"count": removed}
    groups = list(consultation.opinion_groups.filter(pk__in=data["groups"]))
    services.groups_merge(consultation=consultation, groups=groups, into=groups[0])
    return _("The groups were merged into group %(number)d.") % {"number": groups[0].position}


def _group_of(consultation, group_id):
    return get_object_or_404(OpinionGroup, pk=group_id, consultation_id=consultation.pk)


@consultation_view
def group(request, consultation, group_id):
    """A group's answer: its summary, view, disposition and follow-up, which of its opinions
    are quoted (as masked), and the dated notes of its follow-up."""
    group = _group_of(consultation, group_id)
    form = OpinionGroupForm(request.POST or None, instance=group, prefix="group")
    members = list(group.members.select_related("comment", "answer"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.group_update(
            group=group,
            summary=data["summary"],
            view=data["view"],
            disposition=data["disposition"],
            progress=data["progress"],
        )
        services.quotes_set(group=group, quotes=_quotes_posted(request.POST, members))
        messages.success(request, _("Group %(number)d was saved.") % {"number": group.position})
        return redirect("consultations:board", consultation.pk)
    context = {
        "page_title": _("Group %(number)d") % {"number": group.position},
        "consultation": consultation,
        "group": group,
        "form": form,
        "members": members,
        "note_form": ProgressNoteForm(prefix="note"),
        "heading": consultation.view_heading(request),
    }
    return TemplateResponse(request, "consultations/admin/group.html", context)


def _quotes_posted(post, members):
    """{member id: text as quoted} for the members ticked to be quoted."""
    return {
        member.pk: post.get(f"quote-{member.pk}", "")
        for member in members
        if post.get(f"quoted-{member.pk}")
    }


@consultation_view
@require_POST
def note_add(request, consultation, group_id):
    group = _group_of(consultation, group_id)
    form = ProgressNoteForm(request.POST, prefix="note")
    if form.is_valid():
        services.progress_note_add(group=group, author=request.user, **form.cleaned_data)
        messages.success(request, _("The follow-up note was added."))
    else:
        messages.error(request, _("The note was not added: write it and choose a date."))
    return redirect("consultations:group", consultation.pk, group.pk)


@consultation_view
@require_POST
def group_move(request, consultation, group_id, offset):
    services.group_move(group=_group_of(consultation, group_id), offset=offset)
    return redirect("consultations:board", consultation.pk)


@consultation_view
def group_delete(request, consultation, group_id):
    """Asks, then deletes the group; its opinions go back among the ungrouped."""
    group = _group_of(consultation, group_id)
    if request.method == "POST":
        services.group_delete(group=group)
        messages.success(request, _("The group was deleted; its opinions are ungrouped."))
        return redirect("consultations:board", consultation.pk)
    context = {
        "page_title": _("Delete group %(number)d") % {"number": group.position},
        "consultation": consultation,
        "group": group,
    }
    return TemplateResponse(request, "consultations/admin/group_delete.html", context)
