from django.urls import path

app_name = "carshare"
urlpatterns: list[path] = []
