"""Citizen pages of car sharing: find a car, a lot and its cars, join, book, cancel."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from carshare import pricing, services
from carshare.filters import CarFilter
from carshare.forms import TYPED_FORMAT, MembershipForm, TimeWindowForm
from carshare.models import Booking, Membership, ParkingLot, Vehicle
from sharingcity.booking import BookingConflict
from sharingcity.models import District, display_name_field
from sharingcity.nearby import NearForm

PAGE_SIZE = 20


def default_window():
    """The next 10-minute mark from now, for one hour: what most people look for."""
    start = (timezone.localtime() + timedelta(minutes=10)).replace(second=0, microsecond=0)
    start -= timedelta(minutes=start.minute % 10)
    return start, start + timedelta(hours=1)


def add_errors(form, error: ValidationError):
    """Put a service's ValidationError on the form: on its field where the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def find_car(request):
    data = request.GET.copy()
    if "start" not in data and "end" not in data:
        start, end = default_window()
        data["start"], data["end"] = start.strftime(TYPED_FORMAT), end.strftime(TYPED_FORMAT)
    cars = Vehicle.objects.bookable().for_list().prefetch_related("photos").order_by("home_lot__name", "plate_number")
    filterset = CarFilter(data, queryset=cars)
    near = NearForm(request.GET)
    found = near.apply(filterset.qs, prefix="home_lot__") if filterset.is_valid() and near.is_valid() else cars.none()
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    window = filterset.window
    for car in page.object_list:
        car.estimate = pricing.estimate(car, *window) if window else None
    return render(
        request, "carshare/find_car.html", {"filter": filterset, "near": near, "page": page, "window": window}
    )


def lot_list(request):
    lots = ParkingLot.objects.select_related("district").with_car_counts()
    lots = lots.order_by(display_name_field("district__"), display_name_field())
    district = request.GET.get("district", "")
    if district:
        lots = lots.filter(district__slug=district)
    near = NearForm(request.GET)
    if near.is_valid() and near.point:
        # Near me: the closest lots where a car is free now.
        lots = near.apply(lots.filter(free_cars__gt=0))
    elif not near.is_valid():
        lots = lots.none()
    page = Paginator(lots, 50).get_page(request.GET.get("page"))
    districts = District.objects.order_by(display_name_field())
    context = {"page": page, "district": district, "districts": districts, "near": near}
    return render(request, "carshare/lot_list.html", context)


def lot_detail(request, slug):
    lot = get_object_or_404(ParkingLot.objects.select_related("district").with_car_counts(), slug=slug)
    now = timezone.now()
    upcoming = Booking.objects.holding().filter(period__overlap=(now, now + timedelta(days=1))).order_by("period")
    cars = (
        lot.vehicles.exclude(status=Vehicle.Status.RETIRED)
        .select_related("operator")
        .prefetch_related("photos", Prefetch("bookings", queryset=upcoming, to_attr="next_bookings"))
        .order_by("plate_number")
    )
    cars = list(cars)
    for car in cars:
        car.free_now = car.status == Vehicle.Status.ACTIVE and not any(now in b.period for b in car.next_bookings)
    return render(request, "carshare/lot_detail.html", {"lot": lot, "cars": cars})


@login_required
def membership(request):
    member = Membership.objects.filter(user=request.user).first()
    if member is not None:
        return render(request, "carshare/membership.html", {"member": member})
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.become_member(request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Welcome to car sharing. You can book a car now."))
            next_url = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
                next_url = reverse("carshare:find-car")
            return redirect(next_url)
    return render(request, "carshare/membership.html", {"form": form})


@login_required
def book(request, pk):
    car = get_object_or_404(Vehicle.objects.for_list(), pk=pk)
    if not Membership.objects.filter(user=request.user).exists():
        messages.info(request, _("Become a car-share member before booking a car."))
        return redirect(f"{reverse('carshare:membership')}?{urlencode({'next': request.get_full_path()})}")
    data = request.POST if request.method == "POST" else (request.GET if "start" in request.GET else None)
    if data is None:
        start, end = default_window()
        form = TimeWindowForm(initial={"start": start, "end": end})
    else:
        form = TimeWindowForm(data)
    estimate = None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        estimate = pricing.estimate(car, start, end)
        if request.method == "POST" and "preview" not in request.POST:
            try:
                services.book_car(resource=car, holder=request.user, start=start, end=end)
            except ValidationError as error:
                add_errors(form, error)
            except BookingConflict as conflict:
                form.add_error(None, str(conflict.message))
            else:
                messages.success(request, _("Your car is booked. It is listed on My page."))
                return redirect("my-page")
    return render(request, "carshare/book.html", {"car": car, "form": form, "estimate": estimate})


@login_required
def cancel(request, pk):
    booking = get_object_or_404(Booking.objects.of_holder(request.user).select_related("vehicle"), pk=pk)
    if request.method != "POST":
        # A page that says which booking goes, with a button to confirm: no one-click cancelling.
        start, end = timezone.localtime(booking.start), timezone.localtime(booking.end)
        return render(
            request,
            "sharingcity/confirm.html",
            {
                "title": _("Cancel this car booking?"),
                "facts": [
                    (_("Car"), f"{booking.vehicle.model_name} ({booking.vehicle.plate_number})"),
                    (_("Time"), f"{date_format(start, 'DATETIME_FORMAT')}–{end:%H:%M}"),
                ],
                "action": request.path,
                "confirm_label": _("Yes, cancel the booking"),
                "back_url": reverse("my-page"),
                "back_label": _("No, keep it"),
            },
        )
    try:
        services.cancel_booking(booking, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your booking is cancelled."))
    return redirect("my-page")
