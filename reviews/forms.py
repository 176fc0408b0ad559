"""Browser forms for the annual review (3xx.6). They gather and type the input; reviews.services decides."""

from datetime import timedelta

from django import forms

from audits.choices import EngagementPlatform
from people.forms import DateInput, MemberChoiceField
from people.models import Member
from people.querysets import today
from people.roles import GROUP_FOR_ROLE, Role
from posts.forms import service_checks
from socialgov import limits


class AppointReviewerForm(forms.Form):
    reviewer = MemberChoiceField(
        queryset=Member.objects.none(),
        label="Reviewer",
        help_text="A supervisor, who reviews the department's use of social media.",
    )
    period_start = forms.DateField(label="Period from", widget=DateInput())
    period_end = forms.DateField(label="Period to", widget=DateInput(), help_text="The last day the review covers.")
    due_on = forms.DateField(label="Report due on", widget=DateInput())

    def __init__(self, *args, by: Member, **kwargs):
        on = today()
        start = on.replace(year=on.year - 1, month=1, day=1)
        kwargs.setdefault("initial", {}).update(
            period_start=start, period_end=start.replace(month=12, day=31), due_on=on + timedelta(days=60)
        )
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = (
            Member.objects.filter(
                department_id=by.department_id,
                is_active=True,
                groups__name=GROUP_FOR_ROLE[Role.SUPERVISOR],
            )
            .distinct()
            .order_by("last_name", "first_name")
        )


class DraftForm(forms.Form):
    findings = service_checks(
        forms.CharField(
            max_length=limits.TEXT,
            label="Findings",
            required=False,
            widget=forms.Textarea(attrs={"rows": 8}),
            help_text="What the review found: resources, effectiveness, unauthorized or inappropriate content and how "
            "each issue was resolved.",
        )
    )
    recommendations = service_checks(
        forms.CharField(
            max_length=limits.TEXT, label="Recommendations", required=False, widget=forms.Textarea(attrs={"rows": 6})
        )
    )


class EngagementImportForm(forms.Form):
    file = forms.FileField(
        label="Analytics export (CSV)", help_text="The post export of Facebook, X or Instagram analytics."
    )
    platform = forms.ChoiceField(
        label="Platform", required=False, choices=[("", "Find it from the columns"), *EngagementPlatform.choices]
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        max_length=limits.NOTE, label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        # Both of the chief's forms have a "note": each its own id, so each label names its own box.
        kwargs.setdefault("auto_id", "acknowledge_%s")
        super().__init__(*args, **kwargs)


class ReturnForm(forms.Form):
    note = service_checks(
        forms.CharField(
            max_length=limits.NOTE, label="What to change", required=False, widget=forms.Textarea(attrs={"rows": 3})
        )
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "return_%s")
        super().__init__(*args, **kwargs)
