"""Car-share API: public lots; operators (partner key of a business) run their own fleet and trips.

Another operator's cars and bookings are simply not found (404). Serializers check shape; the rules live
in services.py, whose ValidationErrors the shared exception handler turns into 400s with field errors."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from carshare import services
from carshare.filters import CarFilter, ParkingLotFilter
from carshare.models import Booking, ParkingLot, Trip, Vehicle
from hub.authentication import partner_organisation
from hub.models import Organisation
from sharingcity.api import BySlug
from sharingcity.limits import model_integer


class IsOwnOperator(permissions.BasePermission):
    """The caller holds the API key of a car-share operator (a partner business); objects are scoped by
    queryset to that operator."""

    message = _("This needs the API key of a car-share operator.")

    def has_permission(self, request, view):
        organisation = partner_organisation(request)
        return organisation is not None and organisation.kind == Organisation.Kind.BUSINESS


def operator_of(request):
    return partner_organisation(request)


# Serializers.


class ParkingLotSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    active_cars = serializers.IntegerField(read_only=True)
    free_cars = serializers.IntegerField(read_only=True, help_text="Active cars with no booking right now.")

    class Meta:
        model = ParkingLot
        fields = [
            "slug",
            "name",
            "name_en",
            "district",
            "address",
            "latitude",
            "longitude",
            "total_spaces",
            "opens_at",
            "closes_at",
            "ev_charging",
            "active_cars",
            "free_cars",
        ]


class VehicleSerializer(serializers.ModelSerializer):
    home_lot = serializers.SlugRelatedField(
        slug_field="slug", queryset=ParkingLot.objects.all(), help_text="Slug of the lot where the car is based."
    )
    operator = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Vehicle
        fields = [
            "id",
            "operator",
            "home_lot",
            "plate_number",
            "model_name",
            "vehicle_type",
            "propulsion",
            "seats",
            "price_per_10_min",
            "price_per_km",
            "range_km",
            "status",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class VehicleStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Vehicle.Status.choices)


class MemberSerializer(serializers.Serializer):
    """What an operator sees of a member who booked one of its cars: never the licence number itself."""

    id = serializers.IntegerField()
    full_name = serializers.CharField(source="user.full_name")
    licence_class = serializers.CharField()
    licence_number_masked = serializers.CharField(source="masked_licence_number")
    licence_expires_on = serializers.DateField()
    verified = serializers.BooleanField(source="is_verified")


class TripSerializer(serializers.Serializer):
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    odometer_start_km = serializers.IntegerField()
    odometer_end_km = serializers.IntegerField(allow_null=True)
    distance_km = serializers.IntegerField(allow_null=True)
    energy_level_at_return = serializers.IntegerField(allow_null=True)
    time_price = serializers.IntegerField(allow_null=True)
    distance_price = serializers.IntegerField(allow_null=True)
    late_fee = serializers.IntegerField(allow_null=True)


class BookingSerializer(serializers.ModelSerializer):
    vehicle = serializers.PrimaryKeyRelatedField(read_only=True)
    plate_number = serializers.CharField(source="vehicle.plate_number", read_only=True)
    start = serializers.DateTimeField(read_only=True)
    end = serializers.DateTimeField(read_only=True)
    member = MemberSerializer(read_only=True)
    trip = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = [
            "id",
            "vehicle",
            "plate_number",
            "start",
            "end",
            "status",
            "estimated_price",
            "final_price",
            "member",
            "trip",
        ]

    @extend_schema_field(TripSerializer(allow_null=True))
    def get_trip(self, booking):
        trip = booking.trip if hasattr(booking, "trip") else None
        return TripSerializer(trip).data if trip else None


class StartTripSerializer(serializers.Serializer):
    odometer_km = model_integer(
        Trip, "odometer_start_km", serializers.IntegerField, help_text="Odometer reading at pick-up, in km."
    )


class EndTripSerializer(serializers.Serializer):
    odometer_km = model_integer(
        Trip, "odometer_end_km", serializers.IntegerField, help_text="Odometer reading at return, in km."
    )
    energy_level = model_integer(
        Trip,
        "energy_level_at_return",
        serializers.IntegerField,
        help_text="Battery (electric) or fuel level at return, in percent.",
    )


def register(router):
    router.register("carshare/lots", ParkingLotViewSet, basename="carshare-lot")
    router.register("carshare/vehicles", VehicleViewSet, basename="carshare-vehicle")
    router.register("carshare/bookings", OperatorBookingViewSet, basename="carshare-booking")


# Public.


@extend_schema_view(
    list=extend_schema(summary="Car-share parking lots, with how many cars are free now (public)"),
    retrieve=extend_schema(summary="One car-share parking lot (public)"),
)
class ParkingLotViewSet(BySlug, viewsets.ReadOnlyModelViewSet):
    serializer_class = ParkingLotSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = ParkingLotFilter

    def get_queryset(self):
        # Built per request: "free" means free at the time of the request.
        return ParkingLot.objects.select_related("district").with_car_counts().order_by("name")


# Operators.

VEHICLE_EXAMPLE = {
    "home_lot": "mapo-worldcup-park-lot",
    "plate_number": "123하4567",
    "model_name": "Hyundai Ioniq 5",
    "vehicle_type": "mid_size",
    "propulsion": "electric",
    "seats": 5,
    "price_per_10_min": 2400,
    "price_per_km": 200,
    "range_km": 450,
    "status": "active",
}


@extend_schema_view(
    list=extend_schema(
        summary="Your fleet (operator key)",
        description="Only the calling operator's own cars. Filter like the public car search.",
    ),
    retrieve=extend_schema(summary="One of your cars (operator key); another operator's car is 404"),
    create=extend_schema(
        summary="Register a car at a lot where you hold spaces (operator key)",
        description="Refused with 400 if the lot has no permit in force for you or all your allocated spaces "
        "there are taken.",
        examples=[
            OpenApiExample("An electric mid-size car", value=VEHICLE_EXAMPLE, request_only=True),
            OpenApiExample(
                "All spaces taken",
                value={"home_lot": ["All 4 spaces allocated to GreenCar Share at Mapo lot are taken."]},
                response_only=True,
                status_codes=["400"],
            ),
        ],
    ),
    update=extend_schema(summary="Replace one of your cars (operator key)"),
    partial_update=extend_schema(
        summary="Change one of your cars: price, lot, status... (operator key)",
        examples=[OpenApiExample("New price", value={"price_per_10_min": 2200}, request_only=True)],
    ),
    destroy=extend_schema(
        summary="Retire one of your cars (operator key)",
        description="The car is kept for the records with status 'retired', its space at the lot is freed, "
        "and its future bookings are cancelled.",
    ),
)
class VehicleViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = VehicleSerializer
    permission_classes = [IsOwnOperator]
    filterset_class = CarFilter
    ordering_fields = ["plate_number", "updated_at"]

    def get_queryset(self):
        return Vehicle.objects.filter(operator=operator_of(self.request)).for_list().order_by("plate_number")

    def perform_create(self, serializer):
        serializer.instance = services.register_vehicle(
            operator_of(self.request), actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.update_vehicle(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.retire_vehicle(instance, actor=self.request.user)

    @extend_schema(
        summary="Set a car's status: active, maintenance or retired (operator key)",
        request=VehicleStatusSerializer,
        responses=VehicleSerializer,
        examples=[OpenApiExample("Off to the garage", value={"status": "maintenance"}, request_only=True)],
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        vehicle = self.get_object()
        data = VehicleStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["status"] == Vehicle.Status.RETIRED:
            vehicle = services.retire_vehicle(vehicle, actor=request.user)
        else:
            vehicle = services.update_vehicle(vehicle, actor=request.user, status=data.validated_data["status"])
        return Response(VehicleSerializer(vehicle).data)


BOOKING_EXAMPLE = {
    "id": 1042,
    "vehicle": 17,
    "plate_number": "123하4567",
    "start": "2026-05-04T10:00:00+09:00",
    "end": "2026-05-04T12:00:00+09:00",
    "status": "returned",
    "estimated_price": 28800,
    "final_price": 37200,
    "member": {
        "id": 311,
        "full_name": "김시민",
        "licence_class": "2_ordinary",
        "licence_number_masked": "**-**-******-01",
        "licence_expires_on": "2029-08-31",
        "verified": True,
    },
    "trip": {
        "started_at": "2026-05-04T10:02:00+09:00",
        "ended_at": "2026-05-04T11:55:00+09:00",
        "odometer_start_km": 18240,
        "odometer_end_km": 18282,
        "distance_km": 42,
        "energy_level_at_return": 61,
        "time_price": 28800,
        "distance_price": 8400,
        "late_fee": 0,
    },
}


@extend_schema_view(
    list=extend_schema(
        summary="Bookings of your cars (operator key)",
        examples=[OpenApiExample("A returned booking", value=BOOKING_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(summary="One booking of your cars (operator key); another operator's is 404"),
)
class OperatorBookingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = BookingSerializer
    permission_classes = [IsOwnOperator]
    filterset_fields = {"status": ["exact"], "vehicle": ["exact"]}
    ordering_fields = ["period"]

    def get_queryset(self):
        return Booking.objects.of_operator(operator_of(self.request)).for_list().order_by("-period")

    def _answer(self, booking, code=status.HTTP_200_OK):
        booking = self.get_queryset().get(pk=booking.pk)
        return Response(BookingSerializer(booking).data, status=code)

    @extend_schema(
        summary="Start the trip of a booking, with the odometer at pick-up (operator key)",
        description="The member must be verified; the trip may start up to 15 minutes before the booked time.",
        request=StartTripSerializer,
        responses=BookingSerializer,
        examples=[OpenApiExample("Picked up", value={"odometer_km": 18240}, request_only=True)],
    )
    @action(detail=True, methods=["post"], url_path="start-trip")
    def start_trip(self, request, pk=None):
        booking = self.get_object()
        data = StartTripSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.start_trip(booking, odometer_km=data.validated_data["odometer_km"], actor=request.user)
        return self._answer(booking)

    @extend_schema(
        summary="End the trip: the car is back; fixes the booking's final price (operator key)",
        description="The final price is the booked time (or the time used, if longer), plus the distance, plus a "
        "late-return fee of one more time price for each started 10 minutes late.",
        request=EndTripSerializer,
        responses=BookingSerializer,
        examples=[
            OpenApiExample("Returned", value={"odometer_km": 18282, "energy_level": 61}, request_only=True),
            OpenApiExample("Returned booking", value=BOOKING_EXAMPLE, response_only=True),
        ],
    )
    @action(detail=True, methods=["post"], url_path="end-trip")
    def end_trip(self, request, pk=None):
        booking = self.get_object()
        data = EndTripSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.end_trip(
            booking,
            odometer_km=data.validated_data["odometer_km"],
            energy_level=data.validated_data["energy_level"],
            actor=request.user,
        )
        return self._answer(booking)

    @extend_schema(
        summary="Verify the licence of the member who made this booking (operator key)",
        request=None,
        responses=BookingSerializer,
    )
    @action(detail=True, methods=["post"], url_path="verify-member")
    def verify_member(self, request, pk=None):
        booking = self.get_object()
        services.verify_member(booking.member, by_operator=operator_of(request), actor=request.user)
        return self._answer(booking)

    @extend_schema(
        summary="Mark a booking as a no-show: the member never came (operator key)",
        request=None,
        responses=BookingSerializer,
    )
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request, pk=None):
        booking = self.get_object()
        services.mark_no_show(booking, actor=request.user)
        return self._answer(booking)
