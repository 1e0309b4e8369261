"""Open Referral HSDS 3.0 at /api/hsds/: the Sharing Hub's directory as open data (docs/opendata.md)."""

from django.urls import path

from hub import hsds_views as views

app_name = "hsds"
urlpatterns = [
    path("", views.root, name="root"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/<str:id>/", views.organization_detail, name="organization-detail"),
    path("services/", views.service_list, name="service-list"),
    path("services/<str:id>/", views.service_detail, name="service-detail"),
    path("locations/", views.location_list, name="location-list"),
    path("locations/<str:id>/", views.location_detail, name="location-detail"),
    path("service_at_locations/", views.service_at_location_list, name="service-at-location-list"),
    path("service_at_locations/<str:id>/", views.service_at_location_detail, name="service-at-location-detail"),
]
