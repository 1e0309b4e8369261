"""The room list's map shows districts, never a host's house."""

import pytest
from django.urls import reverse

from tests.factories import district
from tests.roomshare.factories import HostFactory, RoomFactory
from tests.sharingcity.test_maps import map_places

pytestmark = pytest.mark.django_db
LIST = reverse("roomshare:room-list")


def test_the_room_map_has_one_marker_per_district_at_its_centre_with_the_number_of_rooms(client):
    nowon, gwangjin = district("nowon-gu"), district("gwangjin-gu")
    for _ in range(2):
        RoomFactory(host=HostFactory(district=nowon))
    RoomFactory(host=HostFactory(district=gwangjin))
    places = map_places(client.get(reverse("roomshare:room-list")))
    assert sorted((p["name"], p["lat"], p["lng"], p["note"], p["url"]) for p in places) == [
        (
            "광진구",
            float(gwangjin.latitude),
            float(gwangjin.longitude),
            "이 페이지의 방 1개",
            f"{LIST}?district=gwangjin-gu",
        ),
        ("노원구", float(nowon.latitude), float(nowon.longitude), "이 페이지의 방 2개", f"{LIST}?district=nowon-gu"),
    ]


def test_no_host_address_or_house_coordinates_appear_in_the_room_list(client):
    host = HostFactory(address="서울 노원구 공릉로 58길 7, 101호", neighbourhood="공릉동")
    RoomFactory(host=host)
    text = client.get(reverse("roomshare:room-list")).text
    assert "공릉로 58길" not in text and host.address not in text
    centre = district("nowon-gu")
    coordinates = {(p["lat"], p["lng"]) for p in map_places(client.get(reverse("roomshare:room-list")))}
    assert coordinates == {(float(centre.latitude), float(centre.longitude))}
    assert "directions" not in text  # no way to a house
    assert "지도에는 집이 아니라 자치구만 표시됩니다." in text
