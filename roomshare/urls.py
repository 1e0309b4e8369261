from django.urls import path

app_name = "roomshare"
urlpatterns: list[path] = []
