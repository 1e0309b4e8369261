"""Account forms: people sign up and sign in with their email address."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from sharingcity.models import User


class SignUpForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "phone")
        labels = {"email": _("Email address"), "full_name": _("Full name"), "phone": _("Phone (optional)")}

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email address already exists. Sign in instead."))
        return email
