"""Opinion groups from votes (issue 25) as people see them: the section 「投票から見えるグループ」
of the staff consensus report (views.consensus, with the staff's publish and unpublish action)
and, once staff publish it after the topic closes, of the topic page.

The groups' figures come cached and name nobody (community.consensus.groups.report); the
viewer's own position is read and drawn per request, for them alone. Neither the staff report
nor a member's topic page is ever served from a shared cache (the anonymous page cache stores
only the topic page of visitors without a session, who have no position to mark).
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.charts.scatter import scatter_chart

from ..consensus.groups.report import groups_report, latest_run, viewer_position
from ..services.discussions import discussion_settings_for

TABLE_ID = "opinion-groups-table"


def groups_context(*, topic, run, viewer, minimum):
    """What the groups' section shows: `groups_run` (the OpinionGroupRun or None),
    `groups_report` (its GroupsReport), `groups_chart` (None without groups), `groups_table_id` and
    `groups_you`: the viewer's own group's label, "" when they voted too little to be placed,
    None when they have no position (they did not vote, or are not signed in)."""
    report = groups_report(topic=topic, run=run, minimum=minimum)
    if report is None:
        return {"groups_run": None, "groups_report": None}
    position = viewer_position(run=run, viewer=viewer)
    labels = {group.index: group.label for group in report.groups}
    return {
        "groups_run": run,
        "groups_report": report,
        "groups_chart": _chart(report, position) if report.groups else None,
        "groups_table_id": TABLE_ID,
        "groups_you": None if position is None else labels.get(position[0], ""),
    }


def published_groups_context(*, topic, viewer):
    """groups_context of the topic's latest published run, for its page (a closed topic)."""
    return groups_context(
        topic=topic,
        run=latest_run(topic=topic, published=True),
        viewer=viewer,
        minimum=discussion_settings_for(topic).min_group_size,
    )


def _chart(report, position):
    described = report.described_groups
    return scatter_chart(
        dots=[dot for group in described for dot in group.dots],
        areas=[(group.index, group.label, group.hull, group.centroid) for group in described],
        highlight=None
        if position is None
        else (position[1], position[2], pgettext("chart", "You")),
        title=_("Where participants stand, by their votes"),
        describedby=TABLE_ID,
    )
