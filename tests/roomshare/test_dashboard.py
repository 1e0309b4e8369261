"""The coordinators' dashboard: the programme's measures for their districts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from roomshare.models import Agreement, Application
from roomshare.statistics import district_figures, matches_per_month
from tests.factories import district
from tests.roomshare.factories import (
    AgreementFactory,
    ApplicationFactory,
    HostFactory,
    RoomFactory,
    StudentFactory,
    coordinator,
    supervisor,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LONG_AGO = timezone.now() - timedelta(days=300)
QUERIES = 14


def test_the_measures_follow_the_homeshare_quality_framework():
    # Two applicants from 10 months ago: one matched within a month, one never.
    matched = StudentFactory()
    ApplicationFactory(student=matched, created_at=LONG_AGO, status=Application.Status.AGREED)
    AgreementFactory(
        student=matched, start=TODAY - timedelta(days=270), rent=240_000, created_at=LONG_AGO + timedelta(days=20)
    )
    ApplicationFactory(created_at=LONG_AGO, status=Application.Status.DECLINED, closed_reason="x")
    # An agreement that started seven months ago and ended early.
    AgreementFactory(
        start=TODAY - timedelta(days=215),
        status=Agreement.Status.ENDED,
        ended_on=TODAY - timedelta(days=100),
        end_reason="이사",
    )
    AgreementFactory(rent=260_000)  # current
    rows, total = district_figures()
    nowon = next(row for row in rows if row["district"].slug == "nowon-gu")
    assert nowon["active_agreements"] == 1  # the 270-day-old term is over (six months), the ended one too
    assert nowon["people_sharing"] == 2
    assert nowon["average_rent"] == 260_000
    assert (nowon["applicants"], nowon["matched_within_4_months_pct"]) == (2, 50)
    assert (nowon["agreements_started_6_months_ago"], nowon["lasting_over_6_months_pct"]) == (2, 50)
    assert nowon["homes"] == 5  # every factory room has its own verified host: 3 agreements, 2 applications
    assert total["rent_cap"] == 300_000


def test_matches_per_month_counts_first_terms_only():
    agreement = AgreementFactory(start=TODAY.replace(day=1))
    from roomshare import services

    services.renew_agreement(agreement, coordinator("nowon-gu"))
    assert sum(item["matches"] for item in matches_per_month()) == 1


def test_a_coordinator_sees_the_figures_of_their_districts_only(client):
    AgreementFactory()
    AgreementFactory(room=RoomFactory(host=HostFactory(district=district("seodaemun-gu"))))
    client.force_login(coordinator("seodaemun-gu", "gwangjin-gu"))
    response = client.get(reverse("roomshare:dashboard"))
    assert [row["district"].slug for row in response.context["rows"]] == ["seodaemun-gu"]
    client.force_login(supervisor())
    response = client.get(reverse("roomshare:dashboard"))
    assert {row["district"].slug for row in response.context["rows"]} == {"nowon-gu", "seodaemun-gu"}


def test_the_dashboard_uses_a_fixed_number_of_queries(client, django_assert_num_queries):
    for slug in ("nowon-gu", "seodaemun-gu", "gwangjin-gu", "mapo-gu"):
        for _ in range(3):
            AgreementFactory(room=RoomFactory(host=HostFactory(district=district(slug))), needs_attention=True)
            ApplicationFactory(room=RoomFactory(host=HostFactory(district=district(slug))))
    client.force_login(supervisor())
    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("roomshare:dashboard"))
    assert len(response.context["attention"]) == 12


def test_check_ins_are_due_a_month_after_the_start_and_then_a_month_after_the_last_one(client):
    from roomshare.models import CheckIn

    new = AgreementFactory(start=TODAY - timedelta(days=10))
    trial_due = AgreementFactory(start=TODAY - timedelta(days=35))
    monthly_due = AgreementFactory(start=TODAY - timedelta(days=100))
    CheckIn.objects.create(agreement=monthly_due, kind="trial", date=TODAY - timedelta(days=40))
    recent = AgreementFactory(start=TODAY - timedelta(days=100))
    CheckIn.objects.create(agreement=recent, kind="trial", date=TODAY - timedelta(days=5))
    assert set(Agreement.objects.checkins_due()) == {trial_due, monthly_due}
    client.force_login(coordinator("nowon-gu"))
    assert set(client.get(reverse("roomshare:dashboard")).context["due"]) == {trial_due, monthly_due}
    assert new not in Agreement.objects.checkins_due()


def test_the_dashboard_charts_matches_per_month_and_the_share_matched_by_district(client, django_assert_num_queries):
    student = StudentFactory()
    ApplicationFactory(student=student, created_at=LONG_AGO, status=Application.Status.AGREED)
    AgreementFactory(student=student, start=TODAY.replace(day=1), created_at=LONG_AGO + timedelta(days=20))
    client.force_login(supervisor())
    with django_assert_num_queries(QUERIES):  # the charts are drawn from the figures already counted
        page = client.get(reverse("roomshare:dashboard")).text
    assert page.count('<svg role="img"') == 2
    assert 'aria-label="월별 매칭"' in page and 'aria-label="4개월 안에 매칭된 신청자 (자치구별)"' in page
    month = TODAY.replace(day=1)
    assert f'<th scope="row">{month.year}년 {month.month}월</th><td>1</td>' in page
    assert '<th scope="row">노원구</th><td>100.0%</td>' in page
