"""The public search page, /search/?q= (/en/search/ in English): open to everyone, GET only."""

from django.shortcuts import render
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from core.pagination import paginate

from .forms import SearchForm
from .selectors import KINDS, kind_counts, search_hits, search_tags, site_search

RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    """Results for `q`, ten to a page, narrowed by `kind` and `tag`; without a query, an
    introduction and the most used tags."""
    form = SearchForm(request.GET)
    form.is_valid()
    # An invalid field is missing from cleaned_data: a too-long query is not searched for,
    # and a kind or tag that does not exist does not narrow the results.
    query = form.cleaned_data.get("q", "")
    kind = form.cleaned_data.get("kind")
    tag = form.cleaned_data.get("tag")
    context = {
        "form": form,
        "search_query": query,
        "kind": kind,
        "tag": tag,
        "tags": search_tags(),
    }
    if query:
        every_kind = site_search(query, tag=tag)
        counts = kind_counts(every_kind)
        results = paginate(
            every_kind if kind is None else site_search(query, kind=kind, tag=tag),
            request.GET.get("page"),
            per_page=RESULTS_PER_PAGE,
        )
        context |= {
            "results": results,
            "hits": search_hits(results.object_list, query),
            "kind_filters": _kind_filters(counts, kind=kind),
        }
    return render(request, "search/search.html", context)


def _kind_filters(counts, *, kind):
    """One link per kind of page, "All" first: `key`, `label`, `count` (results of that kind,
    from `kind_counts`) and `is_current`."""
    every = {
        "key": None,
        "label": pgettext_lazy("filter choice", "All"),
        "count": sum(counts.values()),
        "is_current": not kind,
    }
    return [every] + [
        {
            "key": each.key,
            "label": each.label,
            "count": counts[each.key],
            "is_current": each == kind,
        }
        for each in KINDS
    ]
