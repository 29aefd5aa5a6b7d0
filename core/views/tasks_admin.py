"""Settings → Background tasks (バックグラウンド処理) in the Wagtail admin, for superusers: the
tasks that failed or wait for a retry (core.background), each with its error, and 「再実行」 to
queue a failed one again. Each view checks `superuser_required`, once."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ..access import user_passes_or_forbidden
from ..background import (
    task_label,
    task_results_needing_attention,
    task_retry,
    task_status_counts,
)
from ..pagination import paginate

TASKS_PER_PAGE = 50

STATUS_LABELS = {
    TaskResultStatus.FAILED: gettext_lazy("Failed"),
    TaskResultStatus.READY: gettext_lazy("Waiting"),
    TaskResultStatus.RUNNING: gettext_lazy("Running"),
    TaskResultStatus.SUCCESSFUL: gettext_lazy("Done"),
}
STATUS_FILTERS = {"": gettext_lazy("Failed or waiting for a retry"), **STATUS_LABELS}


superuser_required = user_passes_or_forbidden(lambda user: user.is_superuser)


@superuser_required
@require_GET
def task_list(request):
    status = request.GET.get("status", "")
    if status not in STATUS_FILTERS:
        status = ""
    if status:
        results = DBTaskResult.objects.filter(status=status).order_by("-enqueued_at", "pk")
    else:
        results = task_results_needing_attention()
    page = paginate(results, request.GET.get("p"), per_page=TASKS_PER_PAGE)
    context = {
        "page_title": _("Background tasks"),
        "status": status,
        "status_filters": STATUS_FILTERS.items(),
        "counts": task_status_counts(),
        "rows": [_row(result) for result in page],
        "page": page,
    }
    return render(request, "core/admin/task_list.html", context)


@superuser_required
@require_GET
def task_detail(request, pk):
    row = _row(get_object_or_404(DBTaskResult, pk=pk))
    context = {"page_title": _("Background tasks"), "page_subtitle": row["label"], **row}
    return render(request, "core/admin/task_detail.html", context)


def _row(result):
    """A task result with what the screens say of it."""
    return {
        "result": result,
        "label": task_label(result.task_path),
        "status_label": STATUS_LABELS.get(result.status, result.status),
        "attempts": len(result.worker_ids),
        "retrying": result.status == TaskResultStatus.READY and bool(result.exception_class_path),
        "error": result.exception_class_path.rpartition(".")[2],
    }


@superuser_required
@require_POST
def task_retry_view(request, pk):
    result = get_object_or_404(DBTaskResult, pk=pk)
    if task_retry(result=result):
        messages.success(request, _("Queued to run again now."))
    else:
        messages.error(request, _("Only a failed task can be run again."))
    return redirect("background_tasks:detail", pk=pk)
