"""Respondents known from elsewhere (people who attended an event), as a filter of a survey's
results: the apps that know such people register a provider (events, above this app), so the
results never name them.

A provider has `for_survey(survey)` → the RespondentSets its analysts may filter by (in the
order shown), and `get(key)` → the RespondentSet a key names, or None. A set's `members` is a
queryset of user ids: only responses given by a signed-in member can be matched."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

TOOK_PART = "took_part"  # the dimension's id in the query string (`a=took_part:event-12`)

_providers = []


@dataclass(frozen=True)
class RespondentSet:
    key: str
    label: str
    members: QuerySet  # of user ids (values_list / values of one column)


@dataclass(frozen=True)
class TookPartDimension:
    """参加したイベントなど: a filter of the results (never a breakdown: a respondent may be in
    several sets), with the sets of one survey as its options."""

    options: tuple = ()  # ((key, label), …)
    id: str = TOOK_PART
    type: str = TOOK_PART
    filter_only: bool = True

    @property
    def text(self):
        return _("Took part in")


def respondent_sets_register(provider):
    """Add a provider (see the module's docstring); registering one twice adds it once."""
    if provider not in _providers:
        _providers.append(provider)


def respondent_sets_for(survey):
    """Every set the survey's results may be filtered by."""
    return [found for provider in _providers for found in provider.for_survey(survey)]


def respondent_set_get(key):
    """The set `key` names, or None (a stale or hand-made key)."""
    return next(
        (found for provider in _providers if (found := provider.get(key)) is not None), None
    )


def took_part_dimension(survey):
    """The filter by sets for `survey`, or None when nothing can be matched to it."""
    sets = respondent_sets_for(survey)
    return TookPartDimension(options=tuple((s.key, s.label) for s in sets)) if sets else None
