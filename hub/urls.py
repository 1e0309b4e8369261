from django.urls import path

from hub import feeds, views

app_name = "hub"
urlpatterns = [
    path("", views.service_list, name="service-list"),
    path("services/<str:slug>/", views.service_detail, name="service-detail"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/<str:slug>/", views.organisation_detail, name="organisation-detail"),
    path("news/", views.article_list, name="article-list"),
    path("news/feed/", feeds.LatestNewsFeed(), name="article-feed"),
    path("news/<str:slug>/", views.article_detail, name="article-detail"),
    path("propose/organisation/", views.propose_organisation, name="propose-organisation"),
    path("propose/service/", views.propose_service, name="propose-service"),
]
