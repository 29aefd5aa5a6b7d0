"""`{% load charts %}{% chart some_chart %}`: draws a chart made by core.charts."""

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag
def chart(chart):
    """The chart's inline SVG (or its empty-state text), from its own template."""
    return render_to_string(chart.template_name, {"chart": chart})
