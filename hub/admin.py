"""Hub editors review proposals, keep the directory and news, and issue partner API keys."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from hub.models import Article, OpeningHours, Organisation, OrganisationPhoto, PartnerApiKey, Service
from sharingcity.admin import CoordinatePickerAdmin, PhotoInline, row_action
from sharingcity.forms import ReasonForm

approve = row_action(
    name="approve",
    description=_("Approve and publish the selected items"),
    verb_done=pgettext_lazy("done by an admin action", "published"),
    apply=lambda obj, user, data: obj.approve(user),
)
reject = row_action(
    name="reject",
    description=_("Reject the selected items (asks for a reason)"),
    form=ReasonForm,
    verb_done=pgettext_lazy("hub review", "rejected"),
    apply=lambda obj, user, data: obj.reject(user, data["reason"]),
)


class ReviewAdmin(admin.ModelAdmin):
    actions = [approve, reject]
    readonly_fields = ["submitted_by", "reviewed_by", "reviewed_at", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if not change and obj.submitted_by_id is None:
            obj.submitted_by = request.user
        super().save_model(request, obj, form, change)


class OrganisationPhotoInline(PhotoInline):
    model = OrganisationPhoto


@admin.register(Organisation)
class OrganisationAdmin(CoordinatePickerAdmin, ReviewAdmin):
    list_display = ["name", "name_en", "kind", "district", "verified", "status", "designated_since"]
    list_filter = ["status", "kind", "verified", "district"]
    search_fields = ["name", "name_en", "email"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["district", "members"]
    date_hierarchy = "created_at"
    inlines = [OrganisationPhotoInline]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 1


@admin.register(Service)
class ServiceAdmin(ReviewAdmin):
    inlines = [OpeningHoursInline]
    list_display = ["title", "organisation", "category", "is_free", "status", "last_verified"]
    list_filter = ["status", "category", "is_free", "districts"]
    search_fields = ["title", "title_en", "summary", "organisation__name", "organisation__name_en"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["districts"]
    list_select_related = ["organisation"]
    prepopulated_fields = {"slug": ["title_en"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "is_published", "published_at", "author"]
    list_filter = ["is_published", "published_at"]
    search_fields = ["title", "title_en", "body", "tags"]
    fields = ["title", "title_en", "slug", "summary", "summary_en", "body", "body_en", "tags", "is_published"]
    fields += ["published_at"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    exclude = ["author"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.action(description=_("Revoke the selected keys"), permissions=["change"])
def revoke_keys(modeladmin, request, queryset):
    count = queryset.filter(revoked_at__isnull=True).count()
    for key in queryset.filter(revoked_at__isnull=True):
        key.revoke()
    modeladmin.message_user(request, ngettext("%d key revoked.", "%d keys revoked.", count) % count)


@admin.register(PartnerApiKey)
class PartnerApiKeyAdmin(admin.ModelAdmin):
    list_display = ["organisation", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
    list_filter = ["organisation__kind"]
    search_fields = ["organisation__name", "organisation__name_en", "name", "prefix"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation"]
    actions = [revoke_keys]
    fields = ["organisation", "name", "expires_at", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        # A key is never edited: staff issue a new one and revoke the old.
        if obj:
            return ["organisation", "name", *self.readonly_fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        row, key = PartnerApiKey.issue(obj.organisation, obj.name, created_by=request.user, expires_at=obj.expires_at)
        obj.pk, obj.prefix, obj.hashed_key = row.pk, row.prefix, row.hashed_key
        messages.warning(
            request,
            _("The new key is %(key)s — copy it now: it is shown only this once.") % {"key": key},
        )
