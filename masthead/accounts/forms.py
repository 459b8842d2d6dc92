from django import forms
from django.utils.translation import gettext_lazy as _

from .services import clean_display_name, reader_profile_save


class SignupForm(forms.Form):
    """Extra fields for allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        help_text=_("Shown beside your comments."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    reply_emails = forms.BooleanField(
        label=_("Email me when someone replies to my comments"),
        required=False,
        help_text=_("You can stop it at any time."),
    )

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])

    def signup(self, request, user):
        reader_profile_save(
            user=user,
            display_name=self.cleaned_data["display_name"],
            reply_emails=self.cleaned_data["reply_emails"],
        )


class ProfileForm(forms.Form):
    display_name = SignupForm.base_fields["display_name"]
    reply_emails = SignupForm.base_fields["reply_emails"]

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])
