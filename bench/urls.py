"""The site's URLs plus /bench/hello/, a bare Django view to compare the article page with.

Used only by bench/settings.py, never by the production URLconf. The site's patterns are
spliced in rather than include()d because Django refuses i18n_patterns inside include().
"""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def hello(request):
    return HttpResponse("hello", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/hello/", hello, name="bench_hello"), *site_urlpatterns]
