"""Emails to hosts, students and coordinators: written in each person's language and enqueued in the
transaction of the change (nothing is sent for a change that rolls back, nothing is lost if the relay is down)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sharingcity.mail import queue_email

SUBJECTS = {
    "application_received": _("Your room-sharing application was received"),
    "meeting": _("A meeting is arranged"),
    "declined": _("Your room-sharing application was declined"),
    "agreement_to_confirm": _("Please confirm your room-sharing agreement"),
    "incident": _("A room-sharing incident was reported"),
}


def notify(user, kind: str, *, link=None, **context):
    queue_email(
        user,
        SUBJECTS[kind],
        "roomshare/email/notice.txt",
        {"kind": kind, **context},
        link=link or reverse("roomshare:mine"),
    )


def notify_application_received(application):
    notify(application.student.user, "application_received", room=application.room)


def notify_meeting(application):
    notify(application.student.user, "meeting", application=application)


def notify_declined(application):
    notify(application.student.user, "declined", application=application)


def notify_agreement_to_confirm(agreement):
    for person in (agreement.host.user, agreement.student.user):
        notify(
            person,
            "agreement_to_confirm",
            agreement=agreement,
            link=reverse("roomshare:agreement-detail", args=[agreement.pk]),
        )


def notify_incident(coordinators, agreement):
    for coordinator in coordinators:
        notify(coordinator, "incident", agreement=agreement, link=reverse("roomshare:dashboard"))
