"""Pagination that never fails on a bad page number."""

from django.core.paginator import Paginator


def paginate(queryset, page_number, *, per_page):
    """One page of `queryset`; a missing or bad page number gives the first or last page."""
    paginator = Paginator(queryset, per_page)
    try:
        number = max(1, int(page_number or 1))
    except (TypeError, ValueError):
        number = 1
    return paginator.page(min(number, paginator.num_pages))
