from django.urls import path

from roomshare import dashboard, views

app_name = "roomshare"
urlpatterns = [
    path("", views.room_list, name="room-list"),
    path("rooms/<int:pk>/", views.room_detail, name="room-detail"),
    path("host/register/", views.register_host, name="register-host"),
    path("host/rooms/new/", views.offer_room, name="room-new"),
    path("student/register/", views.register_student, name="register-student"),
    path("mine/", views.mine, name="mine"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/confirm/", views.confirm, name="agreement-confirm"),
    path("my-data/", views.my_data, name="my-data"),
    path("my-data/erase/", views.erase, name="erase"),
    path("coordinator/proofs/<int:pk>/", views.enrolment_proof, name="enrolment-proof"),
    path("coordinator/dashboard/", dashboard.dashboard, name="dashboard"),
]
