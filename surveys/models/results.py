"""What staff do with results: the exports they download, the questions they publish to
respondents, and the counts kept as responses arrive (the tallies, docs/decisions/0014)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .pages import SurveyPage


class ExportKind(models.TextChoices):
    RESPONSES_CSV = "responses_csv", _("Responses (CSV)")
    RESPONSES_XLSX = "responses_xlsx", _("Responses and summary (Excel)")
    SUMMARY_CSV = "summary_csv", _("Summary (CSV)")


class ResultsExport(models.Model):
    """Who downloaded which export of a survey's results, with which filters, and when.
    Written once by surveys.services.results_export_log; never edited."""

    survey = models.ForeignKey(
        SurveyPage, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="exports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("downloaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user_label = models.CharField(_("downloaded by (as it was then)"), max_length=254)
    kind = models.CharField(_("export"), max_length=20, choices=ExportKind.choices)
    filters = models.CharField(_("filters"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("downloaded at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("results export")
        verbose_name_plural = _("results exports")

    def __str__(self):
        return f"{self.survey_id}/{self.kind}/{self.created_at:%Y-%m-%d %H:%M}"


class ResultsPublication(models.Model):
    """Which questions' aggregated results respondents may see (when the survey's
    `results_visibility` allows). Kept apart from the page so that publishing a new revision
    of the survey does not undo the analysts' choice."""

    survey = models.OneToOneField(
        SurveyPage,
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="results_publication",
    )
    question_ids = models.JSONField(_("questions shown to respondents"), default=list)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chosen by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("chosen at"), auto_now=True)

    class Meta:
        verbose_name = _("published results")
        verbose_name_plural = _("published results")

    def __str__(self):
        return f"{self.survey_id}: {len(self.question_ids)}"


class ResultsTally(models.Model):
    """One figure of a survey's unfiltered results, counted as responses arrive (decision
    0014): answer rows, respondents and choice counts per question, scale points, matrix and
    ranking sums. `key` names the figure (surveys.tallies.keys). Written only by the merge of
    TallyDelta rows (surveys.tallies.store), so a submission never updates a shared row."""

    survey = models.ForeignKey(
        SurveyPage, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("figure"), max_length=500)
    count = models.BigIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("results tally")
        verbose_name_plural = _("results tallies")
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="results_tally_once_per_key")
        ]

    def __str__(self):
        return f"{self.survey_id}/{self.key}: {self.count}"


class TallyDelta(models.Model):
    """What one response adds to its survey's ResultsTally rows (`sign` +1) or takes from
    them (−1), appended in the response's own transaction and merged later by a task."""

    survey = models.ForeignKey(
        SurveyPage, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+"
    )
    counts = models.JSONField(_("counts"), default=dict)  # {key: count}
    sign = models.SmallIntegerField(_("sign"), default=1)

    class Meta:
        verbose_name = _("results tally delta")
        verbose_name_plural = _("results tally deltas")
        indexes = [models.Index(fields=["survey", "id"], name="tally_delta_by_survey")]

    def __str__(self):
        return f"{self.survey_id}/{self.pk} ({self.sign:+d})"
