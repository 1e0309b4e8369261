from django.urls import path

from facilities import views

app_name = "facilities"
urlpatterns = [
    path("", views.search, name="search"),
    path("reservations/<int:pk>/", views.reservation_detail, name="reservation-detail"),
    path("reservations/<int:pk>/cancel/", views.cancel, name="reservation-cancel"),
    path("reservations/<int:pk>.ics", views.reservation_ics, name="reservation-ics"),
    path("series/<int:pk>/cancel/", views.cancel_series, name="series-cancel"),
    path("waitlist/<int:pk>/accept/", views.accept_offer, name="waitlist-accept"),
    path("waitlist/<int:pk>/decline/", views.decline_offer, name="waitlist-decline"),
    path("waitlist/<int:pk>/leave/", views.leave_waitlist, name="waitlist-leave"),
    path("draws/<int:pk>/", views.lottery_detail, name="lottery"),
    path("draws/<int:pk>/enter/", views.enter_lottery, name="lottery-enter"),
    path("draw-entries/<int:pk>/withdraw/", views.withdraw_lottery_entry, name="lottery-withdraw"),
    path("<str:slug>/", views.detail, name="detail"),
    path("<str:slug>/book/", views.book, name="book"),
    path("<str:slug>/waitlist/", views.join_waitlist, name="waitlist-join"),
    path("<str:slug>/freebusy.ics", views.freebusy, name="freebusy"),
]
