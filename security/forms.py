"""Browser forms for the second step of sign-in, API tokens and the profile page."""

from django import forms
from django.conf import settings


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        strip=True,
        help_text="The six digits your authenticator app shows now, or one of your backup codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
        error_messages={"required": "Enter the code."},
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=10,
        strip=True,
        help_text="After adding the account to your app, enter the six digits it shows.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "Enter the six digits the app shows."},
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What it is for", max_length=100, required=False, help_text="For example, the script that will use it."
    )
    days = forms.IntegerField(
        label="Days until it expires", min_value=1, max_value=settings.API_TOKEN_DAYS, initial=settings.API_TOKEN_DAYS
    )
