"""Browser forms of the conduct pages (issue 15): they gather and type the input; conduct.services decides, and
its ValidationError goes back on the field it names (people.forms.add_service_errors)."""

from django import forms

from people.forms import DateInput, MemberChoiceField
from people.models import Member
from socialgov import limits

from .choices import PermissionKind, ReviewKind, ReviewOutcome, Validation


def department_members(by):
    return Member.objects.filter(department_id=by.department_id, is_active=True).order_by("last_name", "first_name")


class AcknowledgeForm(forms.Form):
    signature = forms.CharField(max_length=200, label="Type your full name to sign")


class PermissionRequestForm(forms.Form):
    kind = forms.ChoiceField(choices=PermissionKind.choices, label="What you ask permission for")
    description = forms.CharField(
        max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 4}), label="What, and why"
    )
    platform = forms.CharField(max_length=100, required=False, label="Where (platform)")
    url = forms.URLField(max_length=500, assume_scheme="https", required=False, label="Link")
    until = forms.DateField(widget=DateInput(), label="Until")
    subject_member = MemberChoiceField(
        queryset=Member.objects.none(), required=False, label="The member you would post about (asked for consent)"
    )

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_member"].queryset = department_members(by).exclude(pk=by.pk)


class GrantForm(forms.Form):
    conditions = forms.CharField(max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 3}), required=False)
    expires_on = forms.DateField(widget=DateInput(), label="Expires on")


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 3}))


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(choices=ReviewKind.choices)
    sample_size = forms.IntegerField(min_value=1, required=False, label="How many members to draw")
    seed = forms.CharField(max_length=40, required=False, help_text="Leave empty for a new random seed.")
    reason = forms.CharField(
        max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Reason (for cause)"
    )
    members = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(), required=False, label="Members (for cause)"
    )
    report = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = department_members(by).exclude(pk=by.pk)


class EntryForm(forms.Form):
    url = forms.URLField(max_length=500, assume_scheme="https", label="What was looked at (link)")
    captured_text = forms.CharField(
        max_length=limits.TEXT, widget=forms.Textarea(attrs={"rows": 4}), required=False, strip=False
    )
    clause = forms.CharField(max_length=40, required=False, label="Clause (e.g. §V.A.9.a)")
    finding = forms.CharField(max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 3}), required=False)
    member = forms.ModelChoiceField(queryset=Member.objects.none(), required=False)

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = review.members.all()


class CloseReviewForm(forms.Form):
    outcome = forms.ChoiceField(choices=ReviewOutcome.choices)
    findings = forms.CharField(max_length=limits.TEXT, widget=forms.Textarea(attrs={"rows": 4}), required=False)


class ReportForm(forms.Form):
    url = forms.URLField(max_length=500, assume_scheme="https", label="Link to the posting or page")
    description = forms.CharField(
        max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 4}), label="What violates the policy"
    )
    subject_member = MemberChoiceField(
        queryset=Member.objects.none(), required=False, label="The member whose posting it is (if a member's)"
    )

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_member"].queryset = department_members(by).exclude(pk=by.pk)


class RoundForm(forms.Form):
    name = forms.CharField(max_length=200)
    checklist = forms.CharField(
        max_length=limits.TEXT, widget=forms.Textarea(attrs={"rows": 6}), help_text="One check per line."
    )
    attestation = forms.CharField(max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_checklist(self):
        return [line.strip() for line in self.cleaned_data["checklist"].splitlines() if line.strip()]


class ChecklistForm(forms.Form):
    checklist = forms.CharField(
        max_length=limits.TEXT, widget=forms.Textarea(attrs={"rows": 6}), help_text="One check per line."
    )

    def clean_checklist(self):
        return [line.strip() for line in self.cleaned_data["checklist"].splitlines() if line.strip()]


class CandidateForm(forms.Form):
    name = forms.CharField(max_length=200)


class SearchForm(forms.Form):
    check = forms.ChoiceField(choices=())
    method = forms.CharField(max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 3}))
    lawful_attested = forms.BooleanField(required=False)

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["check"].choices = [(c["key"], c["label"]) for c in round.checklist]
        self.fields["lawful_attested"].label = round.attestation


class InformationForm(forms.Form):
    summary = forms.CharField(max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.CharField(max_length=500)
    validation = forms.ChoiceField(choices=Validation.choices)
