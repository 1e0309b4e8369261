"""Citizen pages of room sharing: anonymised rooms, registering, applying, agreements and one's own data."""

import json
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from roomshare import matching, services
from roomshare.access import is_programme_staff, log_personal_data_view, staff_districts
from roomshare.filters import RoomFilter
from roomshare.forms import ApplicationForm, EraseForm, HostForm, IncidentForm, RoomForm, StudentForm
from roomshare.models import Agreement, Application, Host, Room, RoomPhoto, Student
from roomshare.privacy import erase_personal_data, export_personal_data
from sharingcity.forms import ReasonForm
from sharingcity.maps import place


def add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def room_list(request):
    base = Room.objects.listed().for_list().order_by("available_from", "pk")
    filterset = RoomFilter(request.GET, queryset=base)
    queryset = filterset.qs if filterset.is_valid() else base.none()
    page = Paginator(queryset, 20).get_page(request.GET.get("page"))
    staff = (
        request.user.is_authenticated
        and request.user.is_staff
        and (request.user.is_superuser or is_programme_staff(request.user))
    )
    context = {"filter": filterset, "page": page, "staff": staff, "areas": neighbourhood_markers(page.object_list)}
    return render(request, "roomshare/room_list.html", context)


def neighbourhood_markers(rooms):
    """The map of rooms shows districts, one marker at each district's centre with its number of rooms,
    never a house: a host's address and the room's place stay with the coordinator."""
    counts = Counter(room.host.district for room in rooms)
    url = reverse("roomshare:room-list")
    return [
        place(
            district.display_name,
            district.latitude,
            district.longitude,
            f"{url}?district={district.slug}",
            ngettext("%(count)d room on this page", "%(count)d rooms on this page", count) % {"count": count},
        )
        for district, count in counts.items()
    ]


def _student_of(user):
    return Student.objects.filter(user=user, erased_at__isnull=True).first() if user.is_authenticated else None


def room_detail(request, pk):
    room = get_object_or_404(Room.objects.listed().for_list(), pk=pk)
    student = _student_of(request.user)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST":
        if student is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.apply_for_room(student, room, form.cleaned_data["message"])
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your application was sent. The district coordinator will contact you."))
                return redirect("roomshare:mine")
    already = student and Application.objects.active().filter(student=student, room=room).exists()
    return render(
        request,
        "roomshare/room_detail.html",
        {"room": room, "student": student, "form": form, "already_applied": already},
    )


@login_required
def register_host(request):
    if Host.objects.filter(user=request.user).exists():
        return redirect("roomshare:mine")
    form = HostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.register_host(request.user, form.save(commit=False))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your coordinator will call you to arrange a home visit."))
            return redirect("roomshare:room-new")
    return render(request, "roomshare/form_page.html", {"form": form, "title": _("Register as a host")})


@login_required
def register_student(request):
    if Student.objects.filter(user=request.user).exists():
        return redirect("roomshare:mine")
    form = StudentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.register_student(request.user, form.save(commit=False), form.cleaned_data["preferred_districts"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you. The coordinator will check your proof of enrolment."))
            return redirect("roomshare:mine")
    return render(
        request, "roomshare/form_page.html", {"form": form, "title": _("Register as a student"), "multipart": True}
    )


@login_required
def offer_room(request):
    host = Host.objects.filter(user=request.user, erased_at__isnull=True).first()
    if host is None:
        messages.info(request, _("Register as a host first."))
        return redirect("roomshare:register-host")
    form = RoomForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        photo = form.cleaned_data.get("photo")
        caption = form.cleaned_data["photo_caption"] or form.cleaned_data["title"]
        photos = [RoomPhoto(image=photo, caption=caption)] if photo else []
        try:
            services.offer_room(host, form.save(commit=False), photos)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The room will be published after the coordinator's home visit."))
            return redirect("roomshare:mine")
    return render(request, "roomshare/form_page.html", {"form": form, "title": _("Offer a room"), "multipart": True})


@login_required
def mine(request):
    host = Host.objects.filter(user=request.user).select_related("district").first()
    student = Student.objects.filter(user=request.user).prefetch_related("preferred_districts").first()
    context = {
        "host": host,
        "student": student,
        "agreements": list(Agreement.objects.of_holder(request.user).for_list()[:20]),
    }
    if host:
        context["rooms"] = list(
            host.rooms.prefetch_related(
                Prefetch("applications", queryset=Application.objects.active(), to_attr="open_applications")
            )
        )
    if student:
        context["applications"] = list(student.applications.select_related("room__host__district")[:50])
        if student.is_verified and not student.erased_at:
            context["suggestions"] = matching.rooms_for(student, limit=5)
    return render(request, "roomshare/mine.html", context)


@login_required
def withdraw(request, pk):
    application = get_object_or_404(Application, pk=pk, student__user=request.user)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_application(application, application.student, form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your application was withdrawn."))
            return redirect("roomshare:mine")
    return render(request, "roomshare/withdraw.html", {"form": form, "application": application})


@login_required
def agreement_detail(request, pk):
    agreement = get_object_or_404(Agreement.objects.of_holder(request.user).for_list(), pk=pk)
    as_student = agreement.student.user_id == request.user.pk
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_incident(agreement, request.user, form.cleaned_data["issues"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your coordinator was told and will contact you."))
            return redirect("roomshare:agreement-detail", pk=pk)
    return render(
        request,
        "roomshare/agreement_detail.html",
        {"agreement": agreement, "as_student": as_student, "reveal": agreement.is_active, "incident_form": form},
    )


@login_required
@require_POST
def confirm(request, pk):
    agreement = get_object_or_404(Agreement.objects.of_holder(request.user).for_list(), pk=pk)
    try:
        agreement = services.confirm_agreement(agreement, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if agreement.is_active:
            messages.success(request, _("Both of you confirmed: the agreement is active."))
        else:
            messages.success(request, _("You confirmed the agreement. It becomes active when the other side confirms."))
    return redirect("roomshare:agreement-detail", pk=pk)


@login_required
def my_data(request):
    data = export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="room-sharing-my-data.json"'
    return response


@login_required
def erase(request):
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erase_personal_data(request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your room-sharing data was erased."))
            return redirect("my-page")
    return render(request, "roomshare/erase.html", {"form": form})


@login_required
def enrolment_proof(request, pk):
    """Coordinators of the student's districts (and supervisors) open the proof; every opening is logged."""
    if not is_programme_staff(request.user) and not request.user.is_superuser:
        raise Http404
    districts = staff_districts(request.user)
    student = get_object_or_404(Student.objects.in_districts(districts), pk=pk)
    if not student.enrolment_proof or not student.enrolment_proof.storage.exists(student.enrolment_proof.name):
        raise Http404
    log_personal_data_view(request.user, student, "enrolment proof")
    handle = student.enrolment_proof.storage.open(student.enrolment_proof.name, "rb")
    return FileResponse(handle, as_attachment=True, filename=student.enrolment_proof.name.rsplit("/", 1)[-1])
