from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .services import clean_display_name, reader_profile_save


class LoginForm(AllauthLoginForm):
    """allauth's login form (ACCOUNT_FORMS), whose refusal is about the address and password together: both fields
    are marked invalid and point at it, so a screen reader on either field reads why."""

    errors_id = "form-errors"

    def full_clean(self):
        super().full_clean()
        if not self.non_field_errors():
            return
        for name in ("login", "password"):
            if name in self.fields:
                self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": self.errors_id})


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
    decision_emails = forms.BooleanField(
        label=_("Email me when a moderator publishes or rejects my comment"),
        required=False,
        help_text=_("You can stop it at any time."),
    )
    following_emails = forms.BooleanField(
        label=_("Email me a daily round-up of new stories on the topics and by the authors I follow"),
        required=False,
        help_text=_("Only on days with something new. You can stop it at any time."),
    )

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])

    def signup(self, request, user):
        reader_profile_save(
            user=user,
            display_name=self.cleaned_data["display_name"],
            reply_emails=self.cleaned_data["reply_emails"],
            decision_emails=self.cleaned_data["decision_emails"],
            following_emails=self.cleaned_data["following_emails"],
            # The language the reader signed up in; the account page changes it.
            mail_language=translation.get_language(),
        )


def mail_language_choices():
    """Each language in its own name, as readers look for it ("Русский", not "Russian")."""
    return [(code, translation.get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class ProfileForm(forms.Form):
    display_name = SignupForm.base_fields["display_name"]
    reply_emails = SignupForm.base_fields["reply_emails"]
    decision_emails = SignupForm.base_fields["decision_emails"]
    following_emails = SignupForm.base_fields["following_emails"]
    mail_language = forms.ChoiceField(
        label=_("Language of our mails to you"), choices=mail_language_choices, required=False
    )

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])

    def clean_mail_language(self):
        return self.cleaned_data["mail_language"] or None  # not sent: left as it is


class AccountDeleteForm(forms.Form):
    """Deleting an account cannot be undone, so it takes the password, not just a session someone left open."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
