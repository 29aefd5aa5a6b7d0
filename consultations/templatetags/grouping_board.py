"""`{% board_opinion opinion ticked member %}`: one opinion on the grouping board with its tick
box (templates/consultations/admin/board.html). A tag rather than an included template: the
board lists every opinion of a consultation (thousands), and an include per opinion was most
of the board's time (bench/consultation.py)."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext

register = template.Library()

OPINION_HTML = (
    '<li class="outcome-opinion"><label>'
    '<input type="checkbox" name="opinions" value="{}"{}> '
    '<span class="outcome-opinion__text">{}</span></label>'
    '<span class="outcome-opinion__meta">{}</span></li>'
)


@register.simple_tag
def board_opinion(opinion, ticked, member=None):
    """`opinion` (consultations.sources.Opinion), ticked when its key is in `ticked` (the keys
    ticked before a refused action); `member`, its GroupedOpinion when in a group."""
    meta = [date_format(localtime(opinion.created_at), "SHORT_DATE_FORMAT")]
    if opinion.detail:
        meta.append(opinion.detail)
    if member is not None and member.quoted:
        meta.append(gettext("quoted"))
    return format_html(
        OPINION_HTML,
        opinion.key,
        mark_safe(" checked") if opinion.key in ticked else "",
        linebreaksbr(opinion.text, autoescape=True),
        " · ".join(meta),
    )
