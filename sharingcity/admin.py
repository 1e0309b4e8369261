"""Admin for people and districts, and the review actions every programme's admin reuses."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from sharingcity.models import AuditEntry, District, User
from sharingcity.widgets import CoordinatePicker


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


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


def reason_action(
    *, name, description, verb_done, apply, permission="change", template="admin/action_with_reason.html"
):
    """An admin action that first asks for a reason (required), then applies `apply(obj, user, reason)`
    to every selected row in one transaction."""

    def action(modeladmin, request, queryset):
        if "apply" in request.POST:
            form = ReasonForm(request.POST)
            if form.is_valid():
                with transaction.atomic():
                    for obj in queryset:
                        apply(obj, request.user, form.cleaned_data["reason"])
                count = queryset.count()
                modeladmin.message_user(
                    request,
                    ngettext("%(count)d item %(verb)s.", "%(count)d items %(verb)s.", count)
                    % {"count": count, "verb": verb_done},
                    messages.SUCCESS,
                )
                return None
        else:
            form = ReasonForm()
        return render(
            request,
            template,
            {
                **modeladmin.admin_site.each_context(request),
                "title": description,
                "objects": queryset,
                "form": form,
                "action": request.POST.get("action"),
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "opts": modeladmin.model._meta,
            },
        )

    action.__name__ = name
    action.short_description = description
    action.allowed_permissions = (permission,)
    return action


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


class CoordinatePickerAdmin:
    """Places with latitude and longitude: staff click a map to set them (or type them)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "longitude":
            kwargs["widget"] = CoordinatePicker
        return super().formfield_for_dbfield(db_field, request, **kwargs)
