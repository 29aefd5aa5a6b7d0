"""/api/v1/: the API object (api.main) with each domain's router."""

from django.urls import path

from .endpoints import articles, surveys, topics
from .main import api

api.add_router("", articles.router)
api.add_router("", topics.router)
api.add_router("", surveys.router)

urlpatterns = [path("api/v1/", api.urls)]
