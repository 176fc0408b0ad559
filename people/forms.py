"""Browser forms for granting and revoking authorizations (3xx.3) and recording training (3xx.8).

The forms only gather and type the input; the services decide. Their choice
fields are limited to what the signed-in member may see (people.permissions.visible),
and a service's ValidationError is put back on the field it names (`add_service_errors`).
"""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList

from . import hooks, permissions
from .choices import DesigneeScope, TrainingTopic
from .models import Member
from .querysets import today


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} (badge {obj.badge_number})" if obj.badge_number else obj.display_name


def member_choices(by: Member):
    return permissions.visible(by, Member.objects.filter(is_active=True)).order_by("last_name", "first_name")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the fields it names; anything else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, ErrorList(messages))


class GrantAuthorizationForm(forms.Form):
    member = MemberChoiceField(queryset=Member.objects.none(), label="Member")
    accounts = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Accounts",
        error_messages={"required": "Choose at least one account."},
    )
    starts_on = forms.DateField(label="Starts on", widget=DateInput())
    expires_on = forms.DateField(
        label="Expires on", widget=DateInput(), help_text="The first day the authorization no longer counts."
    )

    def __init__(self, *args, by: Member, **kwargs):
        on = today()
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("starts_on", on)
        kwargs["initial"].setdefault("expires_on", on + timedelta(days=365))
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = member_choices(by)
        # Only accounts the chief has approved can be authorized (general policy IV.A.2).
        self.fields["accounts"].queryset = hooks.visible_accounts(by, approved_only=True)


class RevokeAuthorizationForm(forms.Form):
    reason = forms.CharField(
        label="Reason for revoking",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Give the reason for revoking this authorization."},
    )


class RecordTrainingForm(forms.Form):
    member = MemberChoiceField(queryset=Member.objects.none(), label="Member")
    topic = forms.ChoiceField(label="Topic")
    completed_on = forms.DateField(label="Completed on", widget=DateInput())
    expires_on = forms.DateField(
        label="Expires on",
        widget=DateInput(),
        required=False,
        help_text="The first day this training no longer counts; leave empty if it never lapses.",
    )
    note = forms.CharField(label="Note", max_length=300, required=False)

    def __init__(self, *args, by: Member, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("completed_on", today())
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = member_choices(by)
        self.fields["topic"].choices = training_topic_choices(by.department)


def training_topic_choices(department) -> list[tuple[str, str]]:
    """The department's own training topics and labels (3xx.8)."""
    topics = (department.policy.get("training_topics") if department else None) or [
        {"key": key, "label": label} for key, label in TrainingTopic.choices
    ]
    return [(topic["key"], topic.get("label") or TrainingTopic(topic["key"]).label) for topic in topics]


class DesigneeForm(forms.Form):
    """The chief names a designee (§3xx.3; issue 16.2): what they may decide, from when to when, and why."""

    member = MemberChoiceField(queryset=Member.objects.none(), label="Member")
    scopes = forms.MultipleChoiceField(
        choices=DesigneeScope.choices,
        widget=forms.CheckboxSelectMultiple,
        label="May decide",
        error_messages={"required": "Choose at least one scope."},
    )
    starts_on = forms.DateField(label="From", widget=DateInput())
    ends_on = forms.DateField(label="Until (the last day)", widget=DateInput())
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, label="Reason")

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = member_choices(by).exclude(pk=by.pk)


class DesigneeRevokeForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, label="Reason")
