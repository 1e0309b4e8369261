"""The demo data: every application status, agreements and check-ins in several districts, loaded once."""

import random

import pytest

from roomshare import seed
from roomshare.models import Agreement, Application, CheckIn, Host, Room
from sharingcity import seed as accounts

pytestmark = pytest.mark.django_db


def test_the_demo_data_covers_every_status_in_several_districts_and_loads_only_once():
    accounts.seed(1, random.Random(1))
    summary = seed.seed(1, random.Random(2))
    assert "hosts" in summary
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(Application.Status.values)
    districts = set(Agreement.objects.current().values_list("room__host__district__slug", flat=True))
    assert {"nowon-gu", "seodaemun-gu", "gwangjin-gu"} <= districts
    assert CheckIn.objects.filter(kind=CheckIn.Kind.TRIAL).exists()
    assert Agreement.objects.filter(needs_attention=True).exists()
    assert Room.objects.listed().filter(host__user__email="host@sharing.example").exists()
    counts = (Host.objects.count(), Application.objects.count(), Agreement.objects.count(), CheckIn.objects.count())
    seed.seed(1, random.Random(2))
    assert (
        Host.objects.count(),
        Application.objects.count(),
        Agreement.objects.count(),
        CheckIn.objects.count(),
    ) == counts


def test_the_demo_data_keeps_every_rule(settings):
    accounts.seed(1, random.Random(1))
    seed.seed(2, random.Random(2))
    for agreement in Agreement.objects.all():
        assert agreement.rent <= 300_000 and agreement.end > agreement.start
    for host in Host.objects.exclude(date_of_birth=None):
        host.clean()  # every host is 60 or over
