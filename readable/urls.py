from django.urls import path

from . import views

app_name = "readable"
urlpatterns = [path("reading/", views.reading_preferences, name="preferences")]
