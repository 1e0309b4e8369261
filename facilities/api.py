"""Facilities API: public search, details and free slots; signed-in citizens book and cancel their own."""

from contextlib import contextmanager
from datetime import timedelta

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from facilities import services
from facilities.availability import Calendar, local
from facilities.filters import FacilityApiFilter
from facilities.models import Facility, OpeningPeriod, PriceCategory, Reservation
from sharingcity.api import IsCitizen
from sharingcity.limits import WindowDateTimeField, model_char, model_integer
from sharingcity.phones import PhoneSerializerField

MAX_AVAILABILITY_DAYS = 31


@contextmanager
def rule_errors():
    """Rules raise Django's ValidationError; name its non-field part the way DRF does."""
    try:
        yield
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            errors = dict(error.message_dict)
            if NON_FIELD_ERRORS in errors:
                errors["non_field_errors"] = errors.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(errors) from error
        raise serializers.ValidationError({"non_field_errors": error.messages}) from error


class OpeningPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = OpeningPeriod
        fields = ["weekday", "opens", "closes"]


class BookingRulesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Facility
        fields = [
            "slot_minutes",
            "min_duration_minutes",
            "max_duration_minutes",
            "min_days_ahead",
            "max_days_ahead",
            "buffer_minutes",
            "cancel_hours_before",
            "max_active_per_citizen",
            "needs_approval",
            "open_on_holidays",
        ]


class FacilitySerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    district = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    opening_hours = OpeningPeriodSerializer(source="opening_periods", many=True, read_only=True)
    rules = BookingRulesSerializer(source="*", read_only=True)

    class Meta:
        model = Facility
        fields = [
            "id",
            "slug",
            "name",
            "name_en",
            "kind",
            "agency",
            "district",
            "address",
            "latitude",
            "longitude",
            "capacity",
            "floor_area",
            "amenities",
            "accessibility",
            "fee_per_hour",
            "description",
            "usage_rules",
            "opening_hours",
            "rules",
        ]


class SlotSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class _AvailabilityQuery(serializers.Serializer):
    def validate(self, attrs):
        start = attrs.get("from") or timezone.now()
        end = attrs.get("to") or start + timedelta(days=7)
        if end <= start:
            raise serializers.ValidationError({"to": "'to' must be after 'from'."})
        if end - start > timedelta(days=MAX_AVAILABILITY_DAYS):
            raise serializers.ValidationError({"to": f"Ask for at most {MAX_AVAILABILITY_DAYS} days at a time."})
        return {"start": start, "end": end}


# The query parameters are called "from" and "to", and "from" is a Python keyword.
AvailabilityQuery = type(
    "AvailabilityQuery",
    (_AvailabilityQuery,),
    {
        "from": WindowDateTimeField(
            programme="facilities", required=False, help_text="ISO 8601 date-time; default now."
        ),
        "to": WindowDateTimeField(
            programme="facilities", required=False, help_text="ISO 8601 date-time; default 7 days later."
        ),
    },
)


@extend_schema_view(
    list=extend_schema(
        summary="Search published facilities",
        description="Same filters as the search page. `free_from` and `free_to` (ISO 8601) keep only facilities "
        "open and free for that whole time.",
        examples=[
            OpenApiExample(
                "Free in Mapo-gu for 20 people",
                value={"district": "mapo-gu", "capacity": 20, "free_from": "2026-12-01T14:00:00+09:00"},
                request_only=True,
            )
        ],
    ),
    retrieve=extend_schema(summary="One facility, with opening hours and booking rules"),
)
class FacilityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Facility.objects.published().for_list().prefetch_related("opening_periods").order_by("name", "pk")
    serializer_class = FacilitySerializer
    filterset_class = FacilityApiFilter
    permission_classes = [AllowAny]
    ordering_fields = ["name", "capacity", "fee_per_hour"]

    @extend_schema(
        summary="Free slots of a facility between two times",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATETIME, description="Start (ISO 8601); default now."),
            OpenApiParameter("to", OpenApiTypes.DATETIME, description="End (ISO 8601); default 7 days later."),
        ],
        responses={200: SlotSerializer(many=True), 400: OpenApiResponse(description="Bad or too long range")},
        examples=[
            OpenApiExample(
                "Two free hours",
                value=[
                    {"start": "2026-12-01T09:00:00+09:00", "end": "2026-12-01T10:00:00+09:00"},
                    {"start": "2026-12-01T10:00:00+09:00", "end": "2026-12-01T11:00:00+09:00"},
                ],
                response_only=True,
            )
        ],
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def availability(self, request, pk=None):
        facility = self.get_object()
        query = AvailabilityQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, end = query.validated_data["start"], query.validated_data["end"]
        calendar = Calendar.load([facility], local(start).date(), local(end).date())
        slots = [
            {"start": s, "end": e}
            for s, e in calendar.free_slots(facility, local(start).date(), local(end).date(), timezone.now())
            if s >= start and e <= end
        ]
        return Response(SlotSerializer(slots, many=True).data)

    def filter_queryset(self, queryset):
        if self.action == "availability":
            return queryset
        return super().filter_queryset(queryset)


class ReservationSerializer(serializers.ModelSerializer):
    facility = serializers.PrimaryKeyRelatedField(queryset=Facility.objects.published())
    facility_name = serializers.CharField(source="facility.display_name", read_only=True)
    start = WindowDateTimeField(programme="facilities")
    end = WindowDateTimeField(programme="facilities")

    class Meta:
        model = Reservation
        fields = [
            "id",
            "facility",
            "facility_name",
            "start",
            "end",
            "status",
            "purpose",
            "group_name",
            "attendees",
            "contact_phone",
            "unit_price",
            "hours",
            "total_price",
            "price_category",
            "discount_percent",
            "proof_status",
            "payment_status",
            "payment_due_at",
            "refund_amount",
            "reason",
            "created_at",
        ]
        read_only_fields = [
            "status",
            "unit_price",
            "hours",
            "total_price",
            "discount_percent",
            "proof_status",
            "payment_status",
            "payment_due_at",
            "refund_amount",
            "reason",
            "created_at",
        ]
        extra_kwargs = {"purpose": {"required": True}, "attendees": {"required": True, "min_value": 1}}

    def validate(self, attrs):
        if attrs["end"] <= attrs["start"]:
            raise serializers.ValidationError({"end": "The end must be after the start."})
        return attrs


class SeriesRequestSerializer(serializers.Serializer):
    facility = serializers.PrimaryKeyRelatedField(queryset=Facility.objects.published())
    start = WindowDateTimeField(programme="facilities", help_text="Start of the first week's booking.")
    end = WindowDateTimeField(programme="facilities", help_text="End of the first week's booking.")
    weeks = serializers.IntegerField(min_value=1, max_value=services.MAX_SERIES_WEEKS)
    purpose = model_char(Reservation, "purpose", serializers.CharField)
    group_name = model_char(
        Reservation, "group_name", serializers.CharField, required=False, allow_blank=True, default=""
    )
    attendees = model_integer(Reservation, "attendees", serializers.IntegerField, min_value=1)
    contact_phone = PhoneSerializerField(required=False, allow_blank=True, default="")
    price_category = serializers.ChoiceField(choices=PriceCategory.choices, default=PriceCategory.STANDARD)
    confirm = serializers.BooleanField(
        default=False, help_text="false: only list which weeks can be booked; true: book those weeks."
    )

    def validate(self, attrs):
        if attrs["end"] <= attrs["start"]:
            raise serializers.ValidationError({"end": "The end must be after the start."})
        return attrs


class OccurrenceSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    ok = serializers.BooleanField()
    problem = serializers.CharField()


RESERVATION_EXAMPLE = {
    "facility": 12,
    "start": "2026-12-01T14:00:00+09:00",
    "end": "2026-12-01T16:00:00+09:00",
    "purpose": "주민자치회 회의",
    "group_name": "마을 주민자치회",
    "attendees": 20,
    "contact_phone": "010-1234-5678",
}


@extend_schema_view(
    list=extend_schema(summary="Your facility reservations (signed-in citizen)"),
    retrieve=extend_schema(summary="One of your reservations"),
    create=extend_schema(
        summary="Book a facility",
        description="The same rules as the booking page. 400 names the rule that failed; 409 means the time "
        "was just taken by someone else.",
        examples=[OpenApiExample("Two hours for a residents' meeting", value=RESERVATION_EXAMPLE, request_only=True)],
        responses={
            201: ReservationSerializer,
            400: OpenApiResponse(description="A booking rule refused the request"),
            409: OpenApiResponse(description="This time was just taken"),
        },
    ),
    cancel=extend_schema(
        summary="Cancel one of your reservations (before the facility's deadline)",
        request=None,
        responses={200: ReservationSerializer, 400: OpenApiResponse(description="Past the cancellation deadline")},
        examples=[OpenApiExample("No body needed", value=None, request_only=True)],
    ),
)
class ReservationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ReservationSerializer
    permission_classes = [IsCitizen]
    filterset_fields = ["status", "facility"]
    ordering_fields = ["period", "created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Reservation.objects.none()
        # Another citizen's reservation is simply not found (404).
        return Reservation.objects.of_holder(self.request.user).select_related("facility", "series").order_by("-period")

    def perform_create(self, serializer):
        data = serializer.validated_data
        with rule_errors():
            serializer.instance = services.book_facility(
                resource=data["facility"],
                holder=self.request.user,
                start=data["start"],
                end=data["end"],
                attendees=data["attendees"],
                purpose=data.get("purpose", ""),
                group_name=data.get("group_name", ""),
                contact_phone=data.get("contact_phone", ""),
                price_category=data.get("price_category", PriceCategory.STANDARD),
            )

    @extend_schema(
        summary="A weekly series: list the weeks that can be booked, then book them with confirm=true",
        request=SeriesRequestSerializer,
        responses={
            200: OccurrenceSerializer(many=True),
            201: ReservationSerializer(many=True),
            400: OpenApiResponse(description="A rule refused the whole series"),
            409: OpenApiResponse(description="Every free week was just taken"),
        },
        examples=[
            OpenApiExample(
                "Eight Tuesday evenings, preview first",
                value={**RESERVATION_EXAMPLE, "weeks": 8, "confirm": False},
                request_only=True,
            )
        ],
    )
    # The weeks of one series (at most MAX_SERIES_WEEKS) answered whole, as availability answers its slots:
    # the result of an action, not a collection to page through or filter.
    @action(detail=False, methods=["post"], pagination_class=None, filter_backends=[])
    def series(self, request):
        query = SeriesRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        arguments = (data["facility"], request.user, data["start"], data["end"], data["weeks"])
        with rule_errors():
            if not data["confirm"]:
                occurrences = services.preview_series(*arguments, attendees=data["attendees"])
                return Response(OccurrenceSerializer(occurrences, many=True).data)
            _series, booked = services.book_series(
                resource=data["facility"],
                holder=request.user,
                start=data["start"],
                end=data["end"],
                weeks=data["weeks"],
                attendees=data["attendees"],
                purpose=data["purpose"],
                group_name=data["group_name"],
                contact_phone=data["contact_phone"],
                price_category=data["price_category"],
            )
        return Response(ReservationSerializer(booked, many=True).data, status=201)

    @extend_schema(
        summary="Cancel every future week of the series this reservation belongs to (one email)",
        request=None,
        responses={200: ReservationSerializer(many=True), 400: OpenApiResponse(description="Not part of a series")},
        examples=[OpenApiExample("No body needed", value=None, request_only=True)],
    )
    @action(detail=True, methods=["post"], url_path="cancel-series", pagination_class=None, filter_backends=[])
    def cancel_series(self, request, pk=None):
        reservation = self.get_object()
        if reservation.series is None:
            raise serializers.ValidationError(
                {"non_field_errors": ["This reservation is not part of a weekly series."]}
            )
        with rule_errors():
            cancelled = services.cancel_series(reservation.series, request.user)
        return Response(ReservationSerializer(cancelled, many=True).data)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        with rule_errors():
            reservation = services.cancel_reservation(self.get_object(), request.user)
        return Response(self.get_serializer(reservation).data)


def register(router):
    router.register("facilities", FacilityViewSet, basename="facility")
    router.register("facility-reservations", ReservationViewSet, basename="facility-reservation")
