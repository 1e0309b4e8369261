"""The public GBFS feed at /gbfs/ (open data for shared mobility)."""

from django.urls import path

app_name = "gbfs"
urlpatterns: list[path] = []
