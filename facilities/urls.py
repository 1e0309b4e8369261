from django.urls import path

app_name = "facilities"
urlpatterns: list[path] = []
