"""Coordinators' workplace: verification queues, the applications board, agreements and check-ins,
each scoped to the coordinator's districts; every opening of a person's full record is logged."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from roomshare import matching, services
from roomshare.access import is_supervisor, log_personal_data_view, staff_districts
from roomshare.models import (
    Agreement,
    Application,
    CheckIn,
    Host,
    PersonalDataView,
    Room,
    RoomPhoto,
    Student,
    Verification,
)
from sharingcity.admin import PhotoInline, RowButtonsMixin, row_action
from sharingcity.forms import ReasonForm
from sharingcity.limits import model_char, window


class MeetingForm(forms.Form):
    meeting_at = forms.DateTimeField(
        label=_("Meeting time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        validators=[window("roomshare")],
    )
    meeting_place = model_char(Application, "meeting_place", label=_("Meeting place"))


class AgreementTermsForm(forms.Form):
    start = forms.DateField(
        label=_("Start"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the move-in date."),
        validators=[window("roomshare")],
    )
    months = forms.IntegerField(label=_("Term (months)"), min_value=1, max_value=24, initial=6)
    help_agreed = forms.CharField(
        label=_("Agreed help and chores"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EarlyEndForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}), validators=[window("roomshare")]
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class ScopedAdmin(admin.ModelAdmin):
    """Coordinators see only their districts' rows; opening a row with personal data is logged."""

    personal_data = True

    def get_queryset(self, request):
        return self.model.objects.in_districts(staff_districts(request.user)).select_related(
            *self.list_select_related or ()
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if self.personal_data and request.method == "GET" and getattr(response, "status_code", 0) == 200:
            obj = self.get_object(request, object_id)
            if obj is not None:
                log_personal_data_view(request.user, obj, "full record in admin")
        return response

    def has_delete_permission(self, request, obj=None):
        return False  # records are closed, erased or ended through the programme's steps, never deleted


@admin.register(Host)
class HostAdmin(RowButtonsMixin, ScopedAdmin):
    row_buttons = [
        (
            "verify_hosts",
            pgettext_lazy("admin row button", "Verify"),
            lambda obj: obj.verification == Verification.PENDING,
        ),
        (
            "reject_hosts",
            pgettext_lazy("admin row button", "Do not accept"),
            lambda obj: obj.verification == Verification.PENDING,
        ),
    ]
    list_display = ["__str__", "district", "neighbourhood", "verification", "created_at"]
    list_filter = ["verification", "district"]
    list_select_related = ["user", "district"]
    search_fields = ["user__full_name", "neighbourhood"]
    readonly_fields = [
        "user",
        "verification",
        "verified_by",
        "verified_at",
        "rejection_reason",
        "created_at",
        "erased_at",
    ]
    actions = [
        row_action(
            name="verify_hosts",
            description=_("Verify the selected hosts"),
            apply=lambda obj, user, data: services.verify_host(obj, user),
        ),
        row_action(
            name="reject_hosts",
            description=_("Do not accept the selected hosts (asks for a reason)"),
            form=ReasonForm,
            apply=lambda obj, user, data: services.reject_host(obj, user, data["reason"]),
        ),
    ]


class RoomPhotoInline(PhotoInline):
    model = RoomPhoto


@admin.register(Room)
class RoomAdmin(ScopedAdmin):
    personal_data = False
    list_display = ["title", "district", "rent", "status", "checklist_passed", "available_from"]
    list_filter = ["status", "host__district", "furnished", "bathroom"]
    list_select_related = ["host__district"]
    search_fields = ["title", "host__neighbourhood"]
    inlines = [RoomPhotoInline]
    readonly_fields = ["host", "status", "visited_by", "rejection_reason", "suggested_students"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "host",
                    "title",
                    "description",
                    "size_m2",
                    "furnished",
                    "bathroom",
                    "rent",
                    "deposit",
                    "available_from",
                    "minimum_term_months",
                    "status",
                    "rejection_reason",
                ]
            },
        ),
        (_("Home visit checklist"), {"fields": ["visited_on", "visited_by", *Room.CHECKLIST, "visit_notes"]}),
        (_("Matching"), {"fields": ["suggested_students"]}),
    ]
    actions = [
        row_action(
            name="publish_rooms",
            description=_("Publish the selected rooms"),
            apply=lambda obj, user, data: services.publish_room(obj, user),
        ),
        row_action(
            name="reject_rooms",
            description=_("Do not accept the selected rooms (asks for a reason)"),
            form=ReasonForm,
            apply=lambda obj, user, data: services.reject_room(obj, user, data["reason"]),
        ),
    ]

    @admin.display(description=_("district"))
    def district(self, room):
        return room.host.district

    @admin.display(description=_("home visit passed"), boolean=True)
    def checklist_passed(self, room):
        return room.checklist_passed

    @admin.display(description=_("Students suggested for this room"))
    def suggested_students(self, room):
        if not room.pk:
            return "-"
        suggestions = matching.students_for(room)
        if not suggestions:
            return _("No verified student fits this room yet.")
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> · {} ({}) — {}{}</li>',
                (
                    (
                        reverse("admin:roomshare_student_change", args=[s.student.pk]),
                        # No name here: the student may live in another coordinator's district.
                        f"#{s.student.pk}",
                        s.student.university,
                        s.score,
                        ", ".join(str(m) for m in s.met),
                        (" / " + ", ".join(str(m) for m in s.missed)) if s.missed else "",
                    )
                    for s in suggestions
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        checklist = {"visited_on", *Room.CHECKLIST, "visit_notes"}
        if change and checklist & set(form.changed_data):
            services.record_home_visit(
                obj,
                request.user,
                obj.visited_on or timezone.localdate(),
                obj.visit_notes,
                **{item: getattr(obj, item) for item in Room.CHECKLIST},
            )
        super().save_model(request, obj, form, change)


@admin.register(Student)
class StudentAdmin(RowButtonsMixin, ScopedAdmin):
    row_buttons = [
        (
            "verify_students",
            pgettext_lazy("admin row button", "Verify"),
            lambda obj: obj.verification == Verification.PENDING,
        ),
        (
            "reject_students",
            pgettext_lazy("admin row button", "Do not accept"),
            lambda obj: obj.verification == Verification.PENDING,
        ),
    ]
    list_display = ["__str__", "enrolment", "verification", "move_in", "budget", "created_at"]
    list_filter = ["verification", "enrolment", "preferred_districts"]
    list_select_related = ["user"]
    search_fields = ["user__full_name", "university"]
    exclude = ["enrolment_proof"]
    readonly_fields = [
        "user",
        "proof",
        "verification",
        "verified_by",
        "verified_at",
        "rejection_reason",
        "created_at",
        "erased_at",
    ]
    actions = [
        row_action(
            name="verify_students",
            description=_("Verify the selected students"),
            apply=lambda obj, user, data: services.verify_student(obj, user),
        ),
        row_action(
            name="reject_students",
            description=_("Do not accept the selected students (asks for a reason)"),
            form=ReasonForm,
            apply=lambda obj, user, data: services.reject_student(obj, user, data["reason"]),
        ),
    ]

    def get_queryset(self, request):
        return Student.objects.in_districts(staff_districts(request.user)).select_related("user")

    @admin.display(description=_("proof of enrolment"))
    def proof(self, student):
        if not student.enrolment_proof:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', reverse("roomshare:enrolment-proof", args=[student.pk]), _("Open the proof (logged)")
        )


@admin.register(Application)
class ApplicationAdmin(ScopedAdmin):
    list_display = ["__str__", "student", "status", "meeting_at", "created_at"]
    list_filter = ["status", "room__host__district"]
    list_select_related = ["room__host__district", "student__user"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "student",
        "room",
        "message",
        "status",
        "meeting_at",
        "meeting_place",
        "closed_reason",
        "created_at",
    ]
    actions = [
        row_action(
            name="shortlist", description=_("Shortlist"), apply=lambda obj, user, data: services.shortlist(obj, user)
        ),
        row_action(
            name="schedule_meeting",
            description=_("Schedule a meeting"),
            form=MeetingForm,
            apply=lambda obj, user, data: services.schedule_meeting(
                obj, user, data["meeting_at"], data["meeting_place"]
            ),
        ),
        row_action(
            name="both_accepted",
            description=_("Record that both accepted"),
            apply=lambda obj, user, data: services.record_both_accepted(obj, user),
        ),
        row_action(
            name="create_agreement",
            description=_("Create the agreement"),
            form=AgreementTermsForm,
            apply=lambda obj, user, data: services.book_room_for(
                obj, coordinator=user, start=data["start"], months=data["months"], help_agreed=data["help_agreed"]
            ),
        ),
        row_action(
            name="decline",
            description=_("Decline (asks for a reason)"),
            form=ReasonForm,
            apply=lambda obj, user, data: services.decline_application(obj, user, data["reason"]),
        ),
    ]

    def has_add_permission(self, request):
        return False


class CheckInInline(admin.TabularInline):
    model = CheckIn
    extra = 0
    can_delete = False
    fields = ["kind", "date", "coordinator", "host_satisfaction", "student_satisfaction", "notes", "issues"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(ScopedAdmin):
    list_display = ["__str__", "district", "status", "needs_attention", "rent", "next_checkin"]
    list_filter = ["status", "needs_attention", "room__host__district"]
    list_select_related = ["room__host__district", "host__user", "student__user"]
    date_hierarchy = "start"
    inlines = [CheckInInline]
    readonly_fields = [
        "application",
        "previous",
        "host",
        "student",
        "room",
        "start",
        "end",
        "rent",
        "deposit",
        "status",
        "host_confirmed_at",
        "student_confirmed_at",
        "ended_on",
        "end_reason",
        "needs_attention",
        "created_by",
        "created_at",
    ]
    actions = [
        row_action(
            name="renew",
            description=_("Renew for another six months"),
            apply=lambda obj, user, data: services.renew_agreement(obj, user),
        ),
        row_action(
            name="end_early",
            description=_("End early (asks for the date and reason)"),
            form=EarlyEndForm,
            apply=lambda obj, user, data: services.end_agreement_early(obj, user, data["ended_on"], data["reason"]),
        ),
        row_action(
            name="resolve",
            description=_("Mark as dealt with (asks for a note)"),
            form=ReasonForm,
            apply=lambda obj, user, data: services.resolve_attention(obj, user, data["reason"]),
        ),
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("district"))
    def district(self, agreement):
        return agreement.room.host.district

    @admin.display(description=_("next check-in"))
    def next_checkin(self, agreement):
        return agreement.next_checkin_due() if agreement.status == Agreement.Status.ACTIVE else "-"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("checkins")


class CheckInForm(forms.ModelForm):
    class Meta:
        model = CheckIn
        fields = ["agreement", "kind", "date", "host_satisfaction", "student_satisfaction", "notes", "issues"]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    form = CheckInForm
    list_display = ["__str__", "agreement", "host_satisfaction", "student_satisfaction", "coordinator"]
    list_filter = ["kind", "date"]
    list_select_related = ["agreement", "coordinator"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(agreement__in=Agreement.objects.in_districts(staff_districts(request.user)))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agreement":
            kwargs["queryset"] = Agreement.objects.in_districts(staff_districts(request.user)).filter(
                status=Agreement.Status.ACTIVE
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        saved = services.record_checkin(
            obj.agreement,
            request.user,
            kind=obj.kind,
            day=obj.date,
            host_satisfaction=obj.host_satisfaction,
            student_satisfaction=obj.student_satisfaction,
            notes=obj.notes,
            issues=obj.issues,
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonalDataView)
class PersonalDataViewAdmin(admin.ModelAdmin):
    """The log of who opened whose personal data: for supervisors, never edited."""

    list_display = ["at", "viewer_label", "what", "record_type", "record_label"]
    list_filter = ["record_type", "what"]
    search_fields = ["viewer_label", "record_label"]
    date_hierarchy = "at"

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or is_supervisor(request.user)

    def has_module_permission(self, request):
        return super().has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
