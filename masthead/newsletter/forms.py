from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Frequency


class SubscribeForm(forms.Form):
    """The subscribe form of the standalone page; the address itself is checked by the service."""

    email = forms.CharField(
        label=_("Your email"),
        max_length=320,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": 254}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.DAILY,
        required=False,
        widget=forms.RadioSelect,
    )
