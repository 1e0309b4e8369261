"""Room-sharing API: anonymised rooms and programme figures by district. Nothing personal is served here."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.response import Response

from roomshare.access import is_programme_staff, staff_districts
from roomshare.filters import RoomFilter
from roomshare.models import Application, PersonalDataView, Room
from roomshare.statistics import public_rows
from sharingcity.api_schema import PortalAutoSchema


class RoomSerializer(serializers.ModelSerializer):
    """What anyone may know of a room: never the host's name, address, phone or date of birth."""

    district = serializers.SlugRelatedField(source="host.district", slug_field="slug", read_only=True)
    neighbourhood = serializers.CharField(source="host.neighbourhood", read_only=True)
    house_rules = serializers.CharField(source="host.house_rules", read_only=True)
    smoking_allowed = serializers.BooleanField(source="host.smoking_allowed", read_only=True)
    pets_in_home = serializers.BooleanField(source="host.has_pets", read_only=True)
    welcomes = serializers.CharField(source="host.preferred_gender", read_only=True)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = Room
        fields = [
            "id",
            "title",
            "description",
            "district",
            "neighbourhood",
            "size_m2",
            "furnished",
            "bathroom",
            "rent",
            "deposit",
            "available_from",
            "minimum_term_months",
            "house_rules",
            "smoking_allowed",
            "pets_in_home",
            "welcomes",
            "photos",
        ]

    def get_photos(self, room) -> list[str]:
        request = self.context.get("request")
        urls = [photo.image.url for photo in room.photos.all()]
        return [request.build_absolute_uri(url) for url in urls] if request else urls


ROOM_EXAMPLE = {
    "id": 12,
    "title": "햇살 드는 방",
    "description": "지하철역까지 걸어서 5분",
    "district": "nowon-gu",
    "neighbourhood": "공릉동",
    "size_m2": "10.0",
    "furnished": True,
    "bathroom": "shared",
    "rent": 250000,
    "deposit": 0,
    "available_from": "2026-12-01",
    "minimum_term_months": 6,
    "house_rules": "밤 11시 이후에는 조용히 해 주세요.",
    "smoking_allowed": False,
    "pets_in_home": False,
    "welcomes": "any",
    "photos": [],
}


@extend_schema_view(
    list=extend_schema(
        summary="Rooms open for room sharing (anonymised), with filters",
        examples=[OpenApiExample("A room in Nowon-gu", value=ROOM_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="One open room (anonymised)",
        examples=[OpenApiExample("A room in Nowon-gu", value=ROOM_EXAMPLE, response_only=True)],
    ),
)
class RoomViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RoomSerializer
    filterset_class = RoomFilter
    permission_classes = [permissions.AllowAny]
    # The filter set sorts (`ordering`, as on the rooms page); DRF's own ordering would read the same parameter.
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return Room.objects.listed().for_list().order_by("available_from", "pk")


@extend_schema_field({"oneOf": [{"type": "integer", "minimum": 5}, {"type": "string", "enum": ["<5"]}]})
class SmallCountField(serializers.Field):
    """A count, or "<5" where the number is small enough to single people out."""


class DistrictFiguresSerializer(serializers.Serializer):
    district = serializers.CharField()
    district_name = serializers.CharField()
    district_name_en = serializers.CharField()
    homes = SmallCountField(help_text='A count, or "<5" for small numbers.')
    active_agreements = SmallCountField(help_text='A count, or "<5".')
    people_sharing = SmallCountField(help_text='A count, or "<5".')
    average_rent = serializers.IntegerField(allow_null=True, help_text="Shown from 5 active agreements up.")
    matched_within_4_months_pct = serializers.IntegerField(allow_null=True)
    lasting_over_6_months_pct = serializers.IntegerField(allow_null=True)


class StatisticsSerializer(serializers.Serializer):
    rent_cap = serializers.IntegerField()
    districts = DistrictFiguresSerializer(many=True)


STATISTICS_EXAMPLE = {
    "rent_cap": 300000,
    "districts": [
        {
            "district": "nowon-gu",
            "district_name": "노원구",
            "district_name_en": "Nowon-gu",
            "homes": 12,
            "active_agreements": 9,
            "people_sharing": 18,
            "average_rent": 262000,
            "matched_within_4_months_pct": 64,
            "lasting_over_6_months_pct": 81,
        },
        {
            "district": "gwangjin-gu",
            "district_name": "광진구",
            "district_name_en": "Gwangjin-gu",
            "homes": "<5",
            "active_agreements": "<5",
            "people_sharing": 6,
            "average_rent": None,
            "matched_within_4_months_pct": None,
            "lasting_over_6_months_pct": None,
        },
    ],
}


class OneObjectSchema(PortalAutoSchema):
    """The figures are one object (a rent cap and a row per district), though served on a list route."""

    def _is_list_view(self, serializer=None):
        return False


class StatisticsViewSet(viewsets.ViewSet):
    """Programme figures by district; counts under 5 are shown as "<5" so that nobody can be singled out."""

    schema = OneObjectSchema()
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    @extend_schema(
        summary="Room-sharing figures by district",
        responses=StatisticsSerializer,
        examples=[OpenApiExample("Two districts", value=STATISTICS_EXAMPLE, response_only=True)],
    )
    def list(self, request):
        rows, total = public_rows()
        return Response({"rent_cap": total["rent_cap"], "districts": rows})


class IsDistrictCoordinator(permissions.BasePermission):
    """Room-share coordinators and supervisors (signed in as themselves, never with a partner key)."""

    message = "Only room-share coordinators and supervisors can read applications."

    def has_permission(self, request, view):
        user = request.user
        return bool(
            getattr(user, "pk", None) is not None and (is_programme_staff(user) or getattr(user, "is_superuser", False))
        )


class ApplicantSerializer(serializers.Serializer):
    name = serializers.CharField()
    university = serializers.CharField()
    phone = serializers.CharField()
    verification = serializers.CharField()


class ApplicationSerializer(serializers.ModelSerializer):
    room = serializers.PrimaryKeyRelatedField(read_only=True)
    room_title = serializers.CharField(source="room.title", read_only=True)
    district = serializers.SlugRelatedField(source="room.host.district", slug_field="slug", read_only=True)
    student = ApplicantSerializer(read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "room",
            "room_title",
            "district",
            "student",
            "status",
            "meeting_at",
            "meeting_place",
            "created_at",
        ]


APPLICATION_EXAMPLE = {
    "id": 31,
    "room": 12,
    "room_title": "햇살 드는 방",
    "district": "nowon-gu",
    "student": {
        "name": "이학생",
        "university": "서울과학기술대학교",
        "phone": "010-2345-6789",
        "verification": "verified",
    },
    "status": "meeting",
    "meeting_at": "2026-12-02T15:00:00+09:00",
    "meeting_place": "공릉동 주민센터",
    "created_at": "2026-11-20T10:12:00+09:00",
}


@extend_schema_view(
    list=extend_schema(
        summary="Applications in your districts (coordinators and supervisors; every read is logged)",
        examples=[OpenApiExample("An application with a meeting", value=APPLICATION_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="One application in your districts (logged)",
        examples=[OpenApiExample("An application with a meeting", value=APPLICATION_EXAMPLE, response_only=True)],
    ),
)
class ApplicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Personal data over the API only with a coordinator's own credentials, scoped to their districts."""

    serializer_class = ApplicationSerializer
    permission_classes = [IsDistrictCoordinator]
    filterset_fields = ["status"]
    ordering_fields = ["created_at", "meeting_at"]

    def get_queryset(self):
        return Application.objects.in_districts(staff_districts(self.request.user)).for_board().order_by("-created_at")

    def _log(self, applications):
        user = self.request.user
        PersonalDataView.objects.bulk_create(
            [
                PersonalDataView(
                    viewer=user,
                    viewer_label=str(user)[:200],
                    record_type="application",
                    record_id=str(a.pk),
                    record_label=str(a)[:200],
                    what="application over the API",
                )
                for a in applications
            ]
        )

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        self._log(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        application = self.get_object()
        self._log([application])
        return Response(self.get_serializer(application).data)


def register(router):
    router.register("roomshare/rooms", RoomViewSet, basename="roomshare-room")
    router.register("roomshare/applications", ApplicationViewSet, basename="roomshare-application")
    router.register("roomshare/statistics", StatisticsViewSet, basename="roomshare-statistics")
