"""The site's URLs plus /bench/hello/, a bare Django view to compare the article page with,
and /bench/insert/, a bare view that inserts one row (bench/survey_submit.py's baseline).

Used only by bench/settings.py, never by the production URLconf. The site's patterns are
spliced in rather than include()d because Django refuses i18n_patterns inside include().
"""

from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from config.urls import handler500  # noqa: F401 - the site's error handler, here too
from config.urls import urlpatterns as site_urlpatterns


def hello(request):
    return HttpResponse("hello", content_type="text/plain; charset=utf-8")


@csrf_exempt
@require_POST
def insert(request):
    """The baseline of bench/survey_submit.py: one row inserted in its own transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_row (at) VALUES (now())")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/hello/", hello, name="bench_hello"),
    path("bench/insert/", insert, name="bench_insert"),
    *site_urlpatterns,
]
