"""Account forms: people sign up and sign in with their email address."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from sharingcity.mail import queue_email
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


def normalised_address(address: str) -> str:
    """An email address as sign-in and the lockout count it: without surrounding spaces, case folded."""
    return address.strip().casefold()


def lockout_username(request, credentials):
    """AXES_USERNAME_CALLABLE: failures count per normalised address, so "A@x.org " and "a@x.org" share
    one count (cut to the lockout table's column; no account has a longer address)."""
    username = (credentials or {}).get("username") or ""
    return normalised_address(str(username))[:MAX_ADDRESS_LENGTH]


MAX_ADDRESS_LENGTH = User._meta.get_field("email").max_length


class SignInForm(AuthenticationForm):
    """Django's sign-in form, reading the address the way the lockout counts it."""

    def clean_username(self):
        username = normalised_address(self.cleaned_data["username"])
        if len(username) > MAX_ADDRESS_LENGTH:
            raise forms.ValidationError(
                _("An email address has at most %(max)d characters.") % {"max": MAX_ADDRESS_LENGTH}
            )
        return username


class ReasonForm(forms.Form):
    """The one reason form: admin actions that ask for a reason, and a citizen withdrawing an application."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class QueuedPasswordResetForm(PasswordResetForm):
    """The reset link goes through the task queue like every other email, in the person's language."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        queue_email(
            context["user"], lambda: render_to_string(subject_template_name, context), email_template_name, context
        )
