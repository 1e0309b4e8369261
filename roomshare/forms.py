"""Forms of the citizen pages: registering as host or student, offering a room, applying, withdrawing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from roomshare.files import validate_photo
from roomshare.models import Application, Host, Room, Student
from sharingcity.limits import bound_dates
from sharingcity.models import District
from sharingcity.widgets import DateInput, DistrictCheckboxes, DistrictSelect, PlaceholderMixin

DATE = DateInput()


class HostForm(PlaceholderMixin, forms.ModelForm):
    class Meta:
        model = Host
        fields = [
            "date_of_birth",
            "phone",
            "district",
            "address",
            "neighbourhood",
            "tenure",
            "help_wanted",
            "preferred_gender",
            "smoking_allowed",
            "has_pets",
            "house_rules",
        ]
        widgets = {
            "date_of_birth": DATE,
            "district": DistrictSelect,
            "help_wanted": forms.Textarea(attrs={"rows": 3}),
            "house_rules": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].required = True
        self.fields["phone"].required = True
        self.fields["address"].required = True
        bound_dates(self, date_of_birth="people")


class RoomForm(PlaceholderMixin, forms.ModelForm):
    photo = forms.ImageField(
        label=_("Photo of the room"),
        required=False,
        validators=[validate_photo],
        help_text=_("JPEG or PNG, at most 5 MB. Show the room only, not people or the address."),
    )
    photo_caption = forms.CharField(
        label=_("What the photo shows"),
        required=False,
        max_length=120,
        help_text=_("A few words for people who cannot see the photo, such as “the bed by the window”."),
    )

    class Meta:
        model = Room
        fields = [
            "title",
            "description",
            "size_m2",
            "furnished",
            "bathroom",
            "rent",
            "deposit",
            "available_from",
            "minimum_term_months",
        ]
        widgets = {"available_from": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_dates(self, available_from="roomshare")


class StudentForm(PlaceholderMixin, forms.ModelForm):
    preferred_districts = forms.ModelMultipleChoiceField(
        queryset=District.objects.all(), widget=DistrictCheckboxes, label=_("Preferred districts")
    )

    class Meta:
        model = Student
        fields = [
            "university",
            "enrolment",
            "enrolment_proof",
            "date_of_birth",
            "phone",
            "gender",
            "smokes",
            "pet_allergy",
            "budget",
            "preferred_districts",
            "move_in",
            "introduction",
        ]
        widgets = {"date_of_birth": DATE, "move_in": DATE, "introduction": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("enrolment_proof", "date_of_birth", "phone"):
            self.fields[name].required = True
        bound_dates(self, date_of_birth="people", move_in="roomshare")


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}


class EraseForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, erase my room-sharing data"), required=True)


class IncidentForm(forms.Form):
    issues = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Your district coordinator reads this and will contact you."),
    )
