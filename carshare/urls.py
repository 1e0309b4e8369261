from django.urls import path

from carshare import views

app_name = "carshare"
urlpatterns = [
    path("", views.find_car, name="find-car"),
    path("lots/", views.lot_list, name="lot-list"),
    path("lots/<slug:slug>/", views.lot_detail, name="lot-detail"),
    path("membership/", views.membership, name="membership"),
    path("cars/<int:pk>/book/", views.book, name="book"),
    path("bookings/<int:pk>/cancel/", views.cancel, name="cancel"),
]
