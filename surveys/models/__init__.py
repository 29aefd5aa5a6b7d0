"""Survey models: the pages (pages.py), responses and their answers (responses.py), and what
staff keep of results (results.py).

Storage follows DESIGN.md so that results are SQL aggregates (issue 6): an Answer names the
question, choice and matrix row by their stable block ids and keeps the labels as the
respondent saw them. A response is written once, atomically, by surveys.services.
"""

from .pages import (
    ANONYMOUS_HELP,
    ONE_RESPONSE_HELP,
    Audience,
    ResultsVisibility,
    SurveyIndexPage,
    SurveyPage,
)
from .responses import (
    REFERENCE_MAX,
    Answer,
    AnswerWord,
    Channel,
    Response,
    ResponseDraft,
    ResponseQuerySet,
    reference_normalise,
)
from .results import ExportKind, ResultsExport, ResultsPublication, ResultsTally, TallyDelta

__all__ = [
    "ANONYMOUS_HELP",
    "ONE_RESPONSE_HELP",
    "REFERENCE_MAX",
    "Answer",
    "AnswerWord",
    "Audience",
    "Channel",
    "ExportKind",
    "Response",
    "ResponseDraft",
    "ResponseQuerySet",
    "ResultsExport",
    "ResultsPublication",
    "ResultsTally",
    "ResultsVisibility",
    "SurveyIndexPage",
    "SurveyPage",
    "TallyDelta",
    "reference_normalise",
]
