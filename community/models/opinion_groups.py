"""Opinion groups found from votes (Polis-style): each computation of a topic's groups is a run,
with every voter's position in it.

The engine (community.consensus.groups) writes a run and its positions in one transaction; the
report reads the latest run of a topic and never computes in the request. Group indexes are
labels kept stable across runs (0 = グループA, 1 = B, …). A member's position is shown to
nobody but that member (docs/decisions/0024-opinion-groups.md).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .topics import TopicPage


class OpinionGroupRun(models.Model):
    """One computation of a topic's opinion groups from the votes at `computed_at`.

    `group_count` 0 means the votes showed no structure worth claiming. `summary` holds the
    groups (index, size, centroid, hull, representative opinions), the group-informed
    consensus and the explained variance of the two axes; it names nobody.
    """

    topic = models.ForeignKey(
        TopicPage,
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        related_name="opinion_group_runs",
    )
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    vote_count = models.PositiveIntegerField(_("votes used"))
    participant_count = models.PositiveIntegerField(_("participants placed"))
    opinion_count = models.PositiveIntegerField(_("opinions used"))
    group_count = models.PositiveSmallIntegerField(_("number of groups"))
    silhouette = models.FloatField(_("silhouette"), null=True, blank=True)
    seed = models.IntegerField(_("seed"))
    summary = models.JSONField(_("summary"), default=dict)
    published_at = models.DateTimeField(_("published to participants at"), null=True, blank=True)

    class Meta:
        verbose_name = _("opinion group computation")
        verbose_name_plural = _("opinion group computations")
        indexes = [models.Index(fields=["topic", "-computed_at"], name="opinion_group_run_latest")]

    def __str__(self):
        return f"{self.topic_id} {self.computed_at:%Y-%m-%d %H:%M}"


class OpinionGroupPosition(models.Model):
    """A voter's place in a run: (x, y) on the run's two axes and their group, or no group
    (null) when they voted on too few opinions to be placed. Shown only to the member."""

    run = models.ForeignKey(
        OpinionGroupRun,
        verbose_name=_("computation"),
        on_delete=models.CASCADE,
        related_name="positions",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="opinion_group_positions",
    )
    group_index = models.PositiveSmallIntegerField(_("group"), null=True, blank=True)
    x = models.FloatField("x")
    y = models.FloatField("y")

    class Meta:
        verbose_name = _("opinion group position")
        verbose_name_plural = _("opinion group positions")
        constraints = [
            models.UniqueConstraint(fields=["run", "member"], name="one_position_per_run")
        ]

    def __str__(self):
        return f"{self.run_id} {self.member_id} {self.group_index}"
