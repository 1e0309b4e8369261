"""Citizen pages: search, a facility with its week grid, booking (single or weekly), and own reservations."""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from facilities import lottery, services, waitlist
from facilities.availability import earliest_bookable, next_free_slots, week_grid
from facilities.calendar import reservation_events
from facilities.filters import FacilitySearchFilter
from facilities.forms import BookingForm, LotteryEntryForm, WaitlistForm
from facilities.freebusy import facility_freebusy
from facilities.models import Facility, Lottery, LotteryEntry, Reservation, ReservationSeries, WaitlistEntry
from sharingcity.booking import AlreadyHeld, BookingConflict
from sharingcity.ical import calendar_response
from sharingcity.limits import day_in_window
from sharingcity.nearby import NearForm

PAGE_SIZE = 20


def search(request):
    base = Facility.objects.published().for_list().prefetch_related("photos").order_by("district__name", "name", "pk")
    filterset = FacilitySearchFilter(request.GET or None, queryset=base)
    valid = filterset.is_valid() if filterset.is_bound else True
    near = NearForm(request.GET)
    results = near.apply(filterset.qs) if valid and near.is_valid() else base.none()
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    wanted = filterset.form.wanted_time() if filterset.is_bound and valid else None
    slots = next_free_slots(page.object_list, not_before=wanted[0] if wanted else None)
    for facility in page.object_list:
        facility.next_slots = slots.get(facility.pk, [])
    return render(
        request, "facilities/search.html", {"filter": filterset, "near": near, "page": page, "wanted": wanted}
    )


def _monday(value: str | None, default: date) -> date:
    """The Monday of the week asked for; `default`'s week when none is, or it is outside the window."""
    day = day_in_window("facilities", value) or default
    return day - timedelta(days=day.weekday())


def detail(request, slug):
    facility = get_object_or_404(
        Facility.objects.published().for_list().prefetch_related("opening_periods", "photos", "rates"), slug=slug
    )
    # The grid opens on the first week with a bookable day, not on this week where the notice rules out all.
    first_week = _monday(None, earliest_bookable(facility, timezone.now()).date())
    monday = _monday(request.GET.get("week"), first_week)
    grid = week_grid(facility, monday)
    upcoming_closures = facility.closures.filter(period__endswith__gte=timezone.now())[:5]
    draws = facility.lotteries.filter(status=Lottery.Status.OPEN, draw_at__gt=timezone.now())
    return render(
        request,
        "facilities/detail.html",
        {
            "facility": facility,
            "grid": grid,
            "monday": monday,
            "previous_week": monday - timedelta(weeks=1),
            "next_week": monday + timedelta(weeks=1),
            "first_week": first_week,
            "closures": upcoming_closures,
            "draws": draws,
        },
    )


def _initial_from_query(request):
    initial = {"weeks": 1}
    for key in ("date", "start_time", "end_time"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    if request.user.is_authenticated:
        initial["contact_phone"] = request.user.phone
    return initial


def _price(facility, form):
    """What the booking will cost, shown before the citizen books: the hourly fee and, once the times are
    known, the total (the same computation as the price stored on the reservation)."""
    times = form.chosen_times()
    return services.price_snapshot(facility, *times) if times else None


@login_required
def book(request, slug):
    facility = get_object_or_404(Facility.objects.published().for_list(), slug=slug)
    if request.method != "POST":
        form = BookingForm(initial=_initial_from_query(request), facility=facility)
        return render(
            request, "facilities/book.html", {"facility": facility, "form": form, "price": _price(facility, form)}
        )
    form = BookingForm(request.POST, facility=facility)
    taken = False  # someone else holds the time: offer the wait list
    if form.is_valid():
        weeks = form.cleaned_data["weeks"]
        try:
            if weeks == 1:
                reservation = services.book_facility(
                    resource=facility, holder=request.user, start=form.start, end=form.end, **form.details()
                )
                if reservation.status == Reservation.Status.CONFIRMED:
                    messages.success(request, _("Your reservation is confirmed."))
                else:
                    messages.success(request, _("Your request was sent. We will email you when staff confirm it."))
                return redirect(reservation)
            if "confirm" not in request.POST:
                occurrences = services.preview_series(
                    facility, request.user, form.start, form.end, weeks, attendees=form.cleaned_data["attendees"]
                )
                return render(
                    request,
                    "facilities/series_preview.html",
                    {
                        "facility": facility,
                        "form": form,
                        "occurrences": occurrences,
                        "bookable": sum(o.ok for o in occurrences),
                    },
                )
            series, booked = services.book_series(
                resource=facility, holder=request.user, start=form.start, end=form.end, weeks=weeks, **form.details()
            )
            messages.success(
                request,
                _("%(count)d dates were booked as a weekly series.") % {"count": len(booked)},
            )
            return redirect("my-page")
        except ValidationError as error:
            form.add_error(None, error)
        except BookingConflict as conflict:
            form.add_error(None, conflict.message)
            taken = weeks == 1 and not isinstance(conflict, AlreadyHeld)
    context = {"facility": facility, "form": form, "price": _price(facility, form), "taken": taken}
    return render(request, "facilities/book.html", context, status=400)


def _own_reservation(request, pk):
    reservation = get_object_or_404(Reservation.objects.for_list().select_related("series"), pk=pk)
    if reservation.citizen_id != request.user.pk:
        # Someone else's reservation does not exist, as far as this citizen can tell.
        raise Http404
    return reservation


@login_required
def reservation_detail(request, pk):
    reservation = _own_reservation(request, pk)
    return render(request, "facilities/reservation_detail.html", {"reservation": reservation, "now": timezone.now()})


def _when(reservation):
    start, end = localtime(reservation.start), localtime(reservation.end)
    return f"{date_format(start, 'DATE_FORMAT')} {start:%H:%M}–{end:%H:%M}"


@login_required
def cancel(request, pk):
    reservation = _own_reservation(request, pk)
    if request.method != "POST":
        # One more step before a booking is given up: a page that says what goes, with a button to confirm.
        return render(
            request,
            "sharingcity/confirm.html",
            {
                "title": _("Cancel this reservation?"),
                "facts": [(_("Where"), reservation.facility.display_name), (_("When"), _when(reservation))],
                "warning": _("The time goes back to other citizens at once."),
                "action": request.path,
                "next": request.GET.get("next") if request.GET.get("next") == reverse("my-page") else "",
                "confirm_label": _("Yes, cancel the reservation"),
                "back_url": reservation.get_absolute_url(),
                "back_label": _("No, keep it"),
            },
        )
    try:
        services.cancel_reservation(reservation, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("Your reservation was cancelled."))
    return redirect(request.POST.get("next") if request.POST.get("next") == reverse("my-page") else reservation)


@login_required
def cancel_series(request, pk):
    series = get_object_or_404(ReservationSeries.objects.select_related("facility"), pk=pk, citizen=request.user)
    if request.method != "POST":
        return render(
            request,
            "sharingcity/confirm.html",
            {
                "title": _("Cancel all future dates of the series?"),
                "facts": [(_("Where"), series.facility.display_name)],
                "warning": _("Every future date of this weekly series is cancelled; past dates stay as they were."),
                "action": request.path,
                "confirm_label": _("Yes, cancel the future dates"),
                "back_url": reverse("my-page"),
                "back_label": _("No, keep them"),
            },
        )
    try:
        cancelled = services.cancel_series(series, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)d future dates of the series were cancelled.") % {"count": len(cancelled)})
    return redirect("my-page")


@login_required
def reservation_ics(request, pk):
    reservation = _own_reservation(request, pk)
    return calendar_response(reservation_events([reservation]), f"reservation-{reservation.pk}.ics")


@login_required
@require_POST
def join_waitlist(request, slug):
    """Queue for the time of a booking form that found it taken; a refusal goes back to the booking form."""
    facility = get_object_or_404(Facility.objects.published().for_list(), slug=slug)
    form = WaitlistForm(request.POST, facility=facility)
    try:
        if not form.is_valid():
            raise ValidationError([message for errors in form.errors.values() for message in errors])
        entry = waitlist.join_waitlist(
            facility=facility,
            citizen=request.user,
            start=form.start,
            end=form.end,
            attendees=form.cleaned_data["attendees"],
            purpose=form.cleaned_data["purpose"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        wanted = {key: request.POST[key] for key in ("date", "start_time", "end_time") if key in request.POST}
        return redirect(f"{reverse('facilities:book', kwargs={'slug': facility.slug})}?{urlencode(wanted)}")
    place = WaitlistEntry.objects.with_position().get(pk=entry.pk).ahead + 1
    messages.success(
        request,
        _("You are number %(place)d on the wait list. We will email you if the time frees.") % {"place": place},
    )
    return redirect("my-page")


def _waitlist_action(request, pk, action, done):
    entry = get_object_or_404(WaitlistEntry.objects.of_holder(request.user), pk=pk)
    try:
        result = action(entry, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("my-page")
    messages.success(request, done)
    return redirect(result if isinstance(result, Reservation) else "my-page")


@login_required
@require_POST
def accept_offer(request, pk):
    return _waitlist_action(request, pk, waitlist.accept_offer, _("The time is yours: see your reservation below."))


@login_required
@require_POST
def decline_offer(request, pk):
    return _waitlist_action(
        request, pk, waitlist.decline_offer, _("You let the time go; it is offered to the next citizen.")
    )


@login_required
@require_POST
def leave_waitlist(request, pk):
    return _waitlist_action(request, pk, waitlist.leave_waitlist, _("You left the wait list."))


def lottery_detail(request, pk):
    """A draw's public record: when it runs, how many entered, and once drawn its seed and order, so anyone
    can replay it; a signed-in citizen sees their own entry and may enter or withdraw."""
    draw = get_object_or_404(Lottery.objects.select_related("facility", "facility__district"), pk=pk)
    entries = list(draw.entries.order_by("rank", "pk").values_list("pk", "rank", "citizen_id"))
    mine = next((e for e in entries if request.user.is_authenticated and e[2] == request.user.pk), None)
    replayed = lottery.draw_order(draw.seed, [e[0] for e in entries]) if draw.seed else []
    context = {
        "draw": draw,
        "entries": entries,
        "mine": mine,
        "replayed": replayed,
        "replay_matches": replayed == [e[0] for e in entries],
        "open": draw.status == Lottery.Status.OPEN and draw.draw_at > timezone.now(),
        "form": LotteryEntryForm(facility=draw.facility),
    }
    return render(request, "facilities/lottery.html", context)


@login_required
@require_POST
def enter_lottery(request, pk):
    draw = get_object_or_404(Lottery.objects.select_related("facility"), pk=pk)
    form = LotteryEntryForm(request.POST, facility=draw.facility)
    try:
        if not form.is_valid():
            raise ValidationError([message for errors in form.errors.values() for message in errors])
        lottery.enter_lottery(lottery=draw, citizen=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You entered the draw. We will email you the result after the draw."))
    return redirect(draw)


@login_required
@require_POST
def withdraw_lottery_entry(request, pk):
    entry = get_object_or_404(LotteryEntry.objects.select_related("lottery"), pk=pk, citizen=request.user)
    try:
        lottery.withdraw_entry(entry, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your entry was withdrawn."))
    return redirect(entry.lottery)


@require_GET
def freebusy(request, slug):
    """Open data: when the room is taken over the next four weeks, for partner apps and signage."""
    facility = get_object_or_404(Facility.objects.published(), slug=slug)
    body = facility_freebusy(facility, request.build_absolute_uri(facility.get_absolute_url()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{facility.slug}-freebusy.ics"'
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response
