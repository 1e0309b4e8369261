"""Photos of facilities, cars, rooms and organisations: a gallery with alt text on each page, the first photo
on each card at a fixed number of queries, alt text required in admin, and drawn pictures in the demo data."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carshare.models import VehiclePhoto
from facilities.models import Photo
from hub.models import OrganisationPhoto
from roomshare.models import RoomPhoto
from sharingcity.demo_images import add_demo_photos, demo_image, draw
from tests.carshare.factories import MembershipFactory, VehicleFactory
from tests.facilities.factories import FacilityFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.roomshare.factories import RoomFactory

pytestmark = pytest.mark.django_db


def picture(name="photo.png", kind="facility"):
    return ContentFile(draw(kind, 0), name=name)


def photo_of(model, field, parent, caption, position=0):
    extra = {"position": position} if any(f.name == "position" for f in model._meta.get_fields()) else {}
    return model.objects.create(**{field: parent}, image=picture(), caption=caption, **extra)


def test_a_facility_page_shows_its_photos_in_order_with_their_alt_text(client):
    facility = FacilityFactory()
    photo_of(Photo, "facility", facility, "무대 쪽에서 본 강당", position=2)
    photo_of(Photo, "facility", facility, "입구와 안내판", position=1)
    page = client.get(facility.get_absolute_url()).text
    assert '<ul class="gallery"' in page
    assert page.index('alt="입구와 안내판"') < page.index('alt="무대 쪽에서 본 강당"')


def test_an_organisation_page_shows_its_photos(client):
    organisation = OrganisationFactory()
    photo_of(OrganisationPhoto, "organisation", organisation, "1층 공유 공간의 긴 탁자")
    page = client.get(organisation.get_absolute_url()).text
    assert 'alt="1층 공유 공간의 긴 탁자"' in page


def test_a_car_page_shows_its_photos(client):
    car = VehicleFactory()
    photo_of(VehiclePhoto, "vehicle", car, "흰색 아이오닉 5의 옆모습")
    member = MembershipFactory()
    client.force_login(member.user)
    page = client.get(reverse("carshare:book", args=[car.pk])).text
    assert 'alt="흰색 아이오닉 5의 옆모습"' in page


def test_a_room_photo_without_alt_text_is_described_by_the_rooms_title(client):
    room = RoomFactory(title="남향 방")
    photo_of(RoomPhoto, "room", room, "")
    page = client.get(reverse("roomshare:room-detail", args=[room.pk])).text
    assert '<ul class="gallery"' in page and 'alt="남향 방"' in page


def test_a_page_without_photos_has_no_empty_gallery(client):
    assert '<ul class="gallery"' not in client.get(FacilityFactory().get_absolute_url()).text


def cards(page):
    return page.count('class="card-photo"')


@pytest.mark.parametrize(
    ("url", "make", "per_page"),
    [
        (reverse("facilities:search"), lambda: photo_of(Photo, "facility", FacilityFactory(), "회의실"), 20),
        (
            reverse("hub:organisation-list"),
            lambda: photo_of(OrganisationPhoto, "organisation", OrganisationFactory(), "건물"),
            20,
        ),
        (reverse("carshare:find-car"), lambda: photo_of(VehiclePhoto, "vehicle", VehicleFactory(), "차"), 20),
        (reverse("roomshare:room-list"), lambda: photo_of(RoomPhoto, "room", RoomFactory(), "방"), 20),
    ],
    ids=["facilities", "organisations", "cars", "rooms"],
)
def test_cards_show_the_first_photo_at_the_same_number_of_queries_for_few_or_many(
    client, django_assert_num_queries, url, make, per_page
):
    for _ in range(2):
        make()
    client.get(url)  # warm the fragment caches' own queries out of the comparison
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        page = client.get(url).text
    assert cards(page) == 2
    for _ in range(4):
        parent = make()
        # a second photo of the same thing: the card still shows one
        type(parent).objects.create(
            **{f.name: getattr(parent, f.name) for f in parent._meta.fields if f.is_relation},
            image=picture(),
            caption="둘째 사진",
        )
    with django_assert_num_queries(len(few)):
        page = client.get(url).text
    assert cards(page) == 6 and "둘째 사진" not in page


def change_form_post(response, prefix, caption):
    """What the admin's change form sends back as it is, with one new photo in the `prefix` inline."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is not None:
            data[name] = value.pk if hasattr(value, "pk") else value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{inline.formset.prefix}-{name}"] = management[name].value()
    data[f"{prefix}-TOTAL_FORMS"] = "1"
    data[f"{prefix}-0-image"] = SimpleUploadedFile("car.png", draw("car", 0), content_type="image/png")
    data[f"{prefix}-0-caption"] = caption
    data[f"{prefix}-0-position"] = "0"
    return data


def test_a_car_photo_needs_alt_text_in_admin(client):
    car = VehicleFactory()
    client.force_login(UserFactory(role="Car-share officer"))
    url = reverse("admin:carshare_vehicle_change", args=[car.pk])
    form = client.get(url)
    refused = client.post(url, change_form_post(form, "photos", caption=""))
    assert refused.status_code == 200 and not VehiclePhoto.objects.exists()
    assert "이 필드는 필수 항목입니다." in refused.text
    saved = client.post(url, change_form_post(form, "photos", caption="주차장의 흰색 아이오닉 5"))
    assert saved.status_code == 302, saved.context and saved.context["errors"]
    assert VehiclePhoto.objects.get(vehicle=car).caption == "주차장의 흰색 아이오닉 5"


def test_demo_pictures_are_the_same_every_time_and_saved_once():
    assert draw("room", 1) == draw("room", 1) and draw("room", 1) != draw("room", 2)
    name = demo_image("car", 0)
    assert demo_image("car", 0) == name == "demo/car-1.png"


def test_the_seed_gives_each_thing_without_photos_its_demo_photos_once():
    with_photo, without = FacilityFactory(), FacilityFactory()
    photo_of(Photo, "facility", with_photo, "원래 사진")
    from facilities.models import Facility

    describe = lambda facility, n: f"{facility.name} {n}"  # noqa: E731
    assert add_demo_photos(Photo, "facility", Facility.objects.all(), "facility", describe) == 2
    assert add_demo_photos(Photo, "facility", Facility.objects.all(), "facility", describe) == 0
    assert list(without.photos.values_list("caption", "position")) == [
        (f"{without.name} 0", 0),
        (f"{without.name} 1", 1),
    ]
    assert with_photo.photos.count() == 1
    assert without.photos.first().image.read() == draw("facility", without.pk)
