"""Admin for people and districts, and the review actions every programme's admin reuses."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from sharingcity.booking import BookingConflict
from sharingcity.models import AuditEntry, District, User
from sharingcity.widgets import CoordinatePicker


def one_line(moment, end=None):
    """A date and time for an admin list, in the page's language and on one line (a narrow column of
    Korean dates otherwise wraps over three)."""
    text = date_format(moment, "SHORT_DATETIME_FORMAT")
    if end is not None:
        text = f"{text}–{end:%H:%M}"
    return format_html('<span class="nowrap">{}</span>', text)


class UserAddForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserAddForm
    form = UserEditForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "districts"]
    search_fields = ["email", "full_name"]
    filter_horizontal = ["groups", "user_permissions", "districts"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "phone")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "districts", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "usable_password", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "slug"]
    search_fields = ["name", "name_en", "code"]
    ordering = ["code"]


# A selection of thousands of rows names the first few it could not change, then counts the rest.
MAX_NAMED_ROWS = 20


def row_action(*, name, description, apply, form=None, verb_done=None, permission="change"):
    """An admin action that applies `apply(obj, user, data)` to each selected row in its own transaction.

    With `form` (ReasonForm for a reason), it first asks for the details on one intermediate page
    (`admin/action_form.html`) and passes the cleaned data; without, `data` is an empty dict. A row the
    programme's rules refuse (ValidationError, PermissionDenied, a booking conflict) is left unchanged and
    named in a warning with the reason; when no row changed, the answer is a warning, never a success."""

    def action(modeladmin, request, queryset):
        data = {}
        if form is not None:
            bound = form(request.POST if "apply" in request.POST else None)
            if not bound.is_bound or not bound.is_valid():
                return _ask(modeladmin, request, queryset, bound, description)
            data = bound.cleaned_data
        done, refused = 0, []
        for obj in queryset:
            try:
                with transaction.atomic():
                    apply(obj, request.user, data)
            except (ValidationError, PermissionDenied, BookingConflict) as error:
                refused.append((obj, _reasons(error)))
            else:
                done += 1
        _report(modeladmin, request, done, refused, verb_done)
        return None

    action.__name__ = name
    action.short_description = description
    action.allowed_permissions = (permission,)
    return action


def _ask(modeladmin, request, queryset, form, title):
    return render(
        request,
        "admin/action_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "objects": queryset,
            "form": form,
            "action": request.POST.get("action"),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": modeladmin.model._meta,
        },
    )


def _reasons(error):
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    if isinstance(error, BookingConflict):
        return str(error.message)
    return str(error) or str(_("You may not change this item."))


def _report(modeladmin, request, done, refused, verb_done):
    if done:
        text = (
            ngettext("%(count)d item %(verb)s.", "%(count)d items %(verb)s.", done) % {"count": done, "verb": verb_done}
            if verb_done
            else ngettext("Done for %(count)d item.", "Done for %(count)d items.", done) % {"count": done}
        )
        modeladmin.message_user(request, text, messages.SUCCESS)
    else:
        modeladmin.message_user(request, _("Nothing was changed."), messages.WARNING)
    for obj, reason in refused[:MAX_NAMED_ROWS]:
        modeladmin.message_user(
            request, _("Not changed: %(item)s: %(reason)s") % {"item": obj, "reason": reason}, messages.WARNING
        )
    if len(refused) > MAX_NAMED_ROWS:
        more = len(refused) - MAX_NAMED_ROWS
        modeladmin.message_user(
            request,
            ngettext("%(count)d more item was not changed.", "%(count)d more items were not changed.", more)
            % {"count": more},
            messages.WARNING,
        )


class RowButtonsMixin:
    """One click per row: buttons in the list that run the admin's own row actions on that row alone.

    `row_buttons` lists `(action name, label, applies(obj))`. Each button posts the action's name and the
    row's id (with the CSRF token) to the list's own address, the way Django's action form does, so the
    action runs with the same permissions, the same own-agency queryset and the same messages, and the
    list comes back with its filters. The forms sit after the list's own form (forms cannot nest); the
    buttons point at them with the `form` attribute, which needs no JavaScript."""

    row_buttons = ()
    change_list_template = "admin/row_buttons_change_list.html"

    def get_list_display(self, request):
        display = list(super().get_list_display(request))
        if self.row_buttons and self.has_change_permission(request):
            display.append("row_buttons_column")
        return display

    def changelist_view(self, request, extra_context=None):
        allowed = self.has_change_permission(request)
        names = [name for name, _label, _applies in self.row_buttons] if allowed else []
        return super().changelist_view(request, {**(extra_context or {}), "row_button_actions": names})

    @admin.display(description=_("decide"))
    def row_buttons_column(self, obj):
        buttons = [
            (name, obj.pk, _("%(action)s: %(item)s") % {"action": label, "item": obj}, label)
            for name, label, applies in self.row_buttons
            if applies(obj)
        ]
        return format_html_join(
            " ",
            '<button type="submit" class="button nowrap" form="row-{}" name="'
            + ACTION_CHECKBOX_NAME
            + '" value="{}" aria-label="{}">{}</button>',
            buttons,
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the decisions themselves, never edited."""

    list_display = ["at", "actor_label", "action", "content_type", "object_repr", "reason"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_label", "object_repr", "reason", "actor__email"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The task queue: what is waiting, running, done and failed; failed tasks can be run again.

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskAdmin(DBTaskResultAdmin):
    list_display = ["task_name", "status", "attempts", "enqueued_at", "display_run_after", "finished_at", "error"]
    list_filter = ["status", "queue_name"]
    search_fields = ["task_path", "exception_class_path"]
    actions = ["run_again"]

    @admin.display(description=_("attempts"))
    def attempts(self, task):
        return len(task.worker_ids)

    @admin.display(description=_("last error"))
    def error(self, task):
        lines = [line for line in task.traceback.strip().splitlines() if line.strip()]
        return lines[-1][:200] if lines else ""

    def has_retry_permission(self, request):
        return request.user.has_perm("django_tasks_database.change_dbtaskresult")

    @admin.action(description=_("Run again now"), permissions=["retry"])
    def run_again(self, request, queryset):
        """Failed tasks get a new set of attempts; tasks that succeeded or are running are left alone."""
        count = queryset.filter(status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY, run_after=timezone.now(), worker_ids=[], finished_at=None
        )
        if count:
            self.message_user(
                request,
                ngettext("%(count)d task will run again.", "%(count)d tasks will run again.", count) % {"count": count},
            )
        else:
            self.message_user(request, _("Only failed tasks can be run again; none was selected."), messages.WARNING)


class PhotoInline(admin.TabularInline):
    """Photos in admin: the alt text is required, and each saved photo is shown small beside its fields."""

    extra = 0
    readonly_fields = ["preview"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["caption"].required = True
        return formset

    @admin.display(description=_("preview"))
    def preview(self, photo):
        if not photo.image:
            return "—"
        return format_html('<img src="{}" alt="{}" height="60">', photo.image.url, photo.caption)


class CoordinatePickerAdmin:
    """Places with latitude and longitude: staff click a map to set them (or type them)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "longitude":
            kwargs["widget"] = CoordinatePicker
        return super().formfield_for_dbfield(db_field, request, **kwargs)
