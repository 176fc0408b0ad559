from django import forms

from .bluesky.client import DEFAULT_SERVICE


class ConnectForm(forms.Form):
    service = forms.CharField(
        label="Service",
        max_length=300,
        initial=DEFAULT_SERVICE,
        help_text="The account's server; https://bsky.social for most Bluesky accounts.",
    )
    identifier = forms.CharField(label="Handle", max_length=253, help_text="e.g. oakleypd.bsky.social")
    app_password = forms.CharField(
        label="App password",
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text="Made for socialgov under Settings > Privacy and security > App passwords; never the account's "
        "main password. It is stored encrypted and never shown again.",
    )
