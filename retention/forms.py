"""Browser forms for records retention. The forms only gather and type the input; the services decide.
Choices are limited to what the signed-in member may see, and a service's ValidationError goes back
on the field it names (people.forms.add_service_errors)."""

import re

from django import forms

from people.forms import DateInput
from people.models import Member
from posts import permissions as post_permissions
from posts.models import Post, SocialAccount
from socialgov import limits

from .choices import Disposition, ExportFormat, RecordStatus
from .models import RecordSeries
from .services import MAX_EXTENSION_DAYS


class ScheduleForm(forms.Form):
    retention_days = forms.IntegerField(
        label="Keep for (days)",
        min_value=0,
        max_value=365_250,
        help_text="Counted from the event that starts the period.",
    )
    disposition = forms.ChoiceField(label="Then", choices=Disposition.choices)


class ScopeForm(forms.Form):
    """What a hold or request covers. The criteria given combine; posts named are covered whatever they say."""

    accounts = forms.ModelMultipleChoiceField(
        queryset=SocialAccount.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Posts on these accounts",
    )
    date_from = forms.DateField(required=False, widget=DateInput(), label="Dated from")
    date_to = forms.DateField(
        required=False,
        widget=DateInput(),
        label="Dated to",
        help_text="Posts created or published on these days, both included.",
    )
    keywords = forms.CharField(
        max_length=limits.NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Mentioning",
        help_text="One keyword or phrase a line; any revision of a post counts.",
    )
    posts = forms.CharField(
        max_length=limits.NOTE,
        required=False,
        label="And these posts",
        help_text="Post numbers, separated by commas or spaces, e.g. 12, 40.",
    )

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        self.fields["accounts"].queryset = post_permissions.visible(
            by, SocialAccount.objects.order_by("platform", "handle")
        )

    def clean_keywords(self):
        return [line.strip() for line in self.cleaned_data["keywords"].splitlines() if line.strip()]

    def clean_posts(self):
        numbers = [int(n) for n in re.findall(r"\d+", self.cleaned_data["posts"])]
        posts = list(post_permissions.visible(self.by, Post.objects.filter(pk__in=numbers)))
        missing = sorted(set(numbers) - {post.pk for post in posts})
        if missing:
            raise forms.ValidationError(f"No such post: {', '.join(f'#{n}' for n in missing)}.")
        return posts

    def scope(self) -> dict:
        data = self.cleaned_data
        return {
            "accounts": list(data["accounts"]),
            "posts": data["posts"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "keywords": data["keywords"],
        }


class HoldForm(ScopeForm):
    matter = forms.CharField(max_length=200, label="Matter", help_text="The case, claim or request the hold is for.")
    reason = forms.CharField(max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 3}), label="Reason")
    requested_by = forms.CharField(
        max_length=200, required=False, label="Requested by", help_text="Counsel, a court, a requester."
    )
    members = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="And these members' conduct records",
        help_text="Their policy acknowledgments, permission requests and the reviews of their personal use.",
    )
    field_order = [
        "matter",
        "reason",
        "requested_by",
        "accounts",
        "date_from",
        "date_to",
        "keywords",
        "posts",
        "members",
    ]

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, by=by, **kwargs)
        self.fields["members"].queryset = Member.objects.filter(department_id=by.department_id, is_active=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 2}), label="Reason")


class ReconfirmForm(forms.Form):
    note = forms.CharField(
        max_length=limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note",
        required=False,
        help_text="Optional: what the hold still rests on (counsel's word, the case still open).",
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 2}), label="Note", required=False
    )


class AuthorityForm(forms.Form):
    """A batch's authority under Government Code §34090 (issue 16.4): the council's resolution and the city
    attorney's written consent, each with its signed document."""

    resolution_number = forms.CharField(max_length=60, label="Resolution number")
    resolution_date = forms.DateField(widget=DateInput(), label="Adopted on")
    resolution_document = forms.FileField(label="The resolution (signed copy)")
    counsel_name = forms.CharField(max_length=200, label="City attorney")
    counsel_consent_date = forms.DateField(widget=DateInput(), label="Consent given on")
    counsel_document = forms.FileField(label="The written consent (signed copy)")


class RequestForm(ScopeForm):
    requester = forms.CharField(max_length=200, label="Requester")
    received_on = forms.DateField(
        widget=DateInput(), label="Received on", help_text="The response is due 10 days later."
    )
    description = forms.CharField(
        max_length=limits.TEXT, widget=forms.Textarea(attrs={"rows": 3}), required=False, label="What was asked for"
    )
    place_hold = forms.BooleanField(
        required=False,
        initial=True,
        label="Place a legal hold on this scope",
        help_text="Nothing the request covers is disposed of until the hold is released.",
    )
    field_order = [
        "requester",
        "received_on",
        "description",
        "accounts",
        "date_from",
        "date_to",
        "keywords",
        "posts",
        "place_hold",
    ]


class ExtendForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=MAX_EXTENSION_DAYS, label="Extend by (days)")
    reason = forms.CharField(
        max_length=limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason",
        help_text="The requester is told it.",
    )


class ReportFilterForm(forms.Form):
    series = forms.ModelChoiceField(
        queryset=RecordSeries.objects.none(),
        required=False,
        to_field_name="key",
        label="Series",
        empty_label="Every series",
    )
    account = forms.ModelChoiceField(
        queryset=SocialAccount.objects.none(), required=False, label="Account", empty_label="Every account"
    )
    date_from = forms.DateField(required=False, widget=DateInput(), label="Trigger from")
    date_to = forms.DateField(required=False, widget=DateInput(), label="Trigger to")
    status = forms.ChoiceField(choices=[("", "Any status"), *RecordStatus.choices], required=False, label="Status")
    # The page lists records; audit events (most of the rows) only when asked for. The exports have them all.
    audit_events = forms.BooleanField(required=False, label="Include audit events")
    format = forms.ChoiceField(choices=ExportFormat.choices, required=False, initial=ExportFormat.CSV, label="Format")

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = RecordSeries.objects.filter(department_id=by.department_id).order_by("id")
        self.fields["account"].queryset = post_permissions.visible(
            by, SocialAccount.objects.order_by("platform", "handle")
        )

    def query(self) -> dict:
        """The filters as report query parameters."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        params = {}
        if data.get("series"):
            params["series"] = data["series"].key
        if data.get("account"):
            params["account"] = str(data["account"].pk)
        for name in ("date_from", "date_to"):
            if data.get(name):
                params[name] = data[name].isoformat()
        if data.get("status"):
            params["status"] = data["status"]
        return params
