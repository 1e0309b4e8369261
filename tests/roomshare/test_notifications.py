"""Hosts and students hear by email, each in their own language, when an agreement waits for them to
confirm it; nothing is sent for an agreement that was refused."""

import pytest
from django.core.exceptions import ValidationError

from roomshare import services
from roomshare.models import Application
from tests.roomshare.factories import ApplicationFactory, coordinator

pytestmark = pytest.mark.django_db


def test_host_and_student_are_asked_to_confirm_the_agreement_each_in_their_language(mailoutbox, deliver):
    application = ApplicationFactory(
        status=Application.Status.ACCEPTED, room__host__user__language="ko", student__user__language="en"
    )
    services.book_room_for(application, coordinator=coordinator("nowon-gu"))
    host, student = application.room.host.user, application.student.user
    to_host, to_student = sorted(deliver(), key=lambda mail: mail.to != [host.email])
    assert to_host.subject == "룸셰어링 합의서를 확인해 주세요"
    assert "룸셰어링 합의서를 작성했습니다. 내용을 읽고 확인해 주세요." in to_host.body
    assert to_student.to == [student.email]
    assert to_student.subject == "Please confirm your room-sharing agreement"
    assert "Your coordinator has written your room-sharing agreement" in to_student.body


def test_no_email_is_sent_for_a_refused_agreement(mailoutbox, deliver):
    application = ApplicationFactory(status=Application.Status.SHORTLISTED)
    with pytest.raises(ValidationError):
        services.book_room_for(application, coordinator=coordinator("nowon-gu"))
    assert deliver() == []
