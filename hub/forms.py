"""Forms with which partners and citizens propose organisations and services for the hub."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.models import Organisation, Service
from sharingcity.models import District
from sharingcity.widgets import DistrictCheckboxes, DistrictSelect, PlaceholderMixin

MAX_LOGO_BYTES = 2 * 1024 * 1024


class OrganisationProposalForm(PlaceholderMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "name_en", "kind", "description", "district", "address", "website", "email", "phone", "logo"]
        widgets = {"district": DistrictSelect}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size") and logo.size > MAX_LOGO_BYTES:
            raise forms.ValidationError(_("The logo must be 2 MB or smaller."))
        return logo


class ServiceProposalForm(PlaceholderMixin, forms.ModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.published().order_by("name"),
        label=_("Organisation"),
        help_text=_("Not listed? Propose the organisation first."),
    )
    districts = forms.ModelMultipleChoiceField(
        queryset=District.objects.all(),
        widget=DistrictCheckboxes,
        label=_("Districts served"),
    )

    class Meta:
        model = Service
        fields = [
            "organisation",
            "title",
            "title_en",
            "category",
            "summary",
            "description",
            "how_to_use",
            "eligibility",
            "is_free",
            "fee_description",
            "districts",
            "website",
        ]
