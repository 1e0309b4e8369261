from django.urls import path

from facilities import views

app_name = "facilities"
urlpatterns = [
    path("", views.search, name="search"),
    path("reservations/<int:pk>/", views.reservation_detail, name="reservation-detail"),
    path("reservations/<int:pk>/cancel/", views.cancel, name="reservation-cancel"),
    path("reservations/<int:pk>.ics", views.reservation_ics, name="reservation-ics"),
    path("series/<int:pk>/cancel/", views.cancel_series, name="series-cancel"),
    path("<str:slug>/", views.detail, name="detail"),
    path("<str:slug>/book/", views.book, name="book"),
    path("<str:slug>/freebusy.ics", views.freebusy, name="freebusy"),
]
