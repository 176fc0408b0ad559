"""Browser forms for undercover operations (general policy IV.E.2; issue 16.1). They only gather the input;
operations.services decides, and its ValidationError goes back on the field it names."""

from django import forms

from people.forms import DateInput, MemberChoiceField
from people.models import Member
from people.roles import GROUP_FOR_ROLE, Role
from posts import permissions as post_permissions
from posts.choices import AccountKind
from posts.models import SocialAccount
from socialgov import limits

from .services import MAX_NOTE


class MemberChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class OperationForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    case_number = forms.CharField(label="Case number", max_length=60)
    monitoring_supervisor = MemberChoiceField(
        queryset=Member.objects.none(),
        label="Monitoring supervisor",
        help_text="The supervisor assigned to monitor it (general policy IV.E.2).",
    )
    members = MemberChoices(
        queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple, required=False, label="Members assigned"
    )
    accounts = forms.ModelMultipleChoiceField(
        queryset=SocialAccount.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Covert accounts",
        error_messages={"required": "Choose at least one covert account."},
    )
    starts_on = forms.DateField(label="Starts on", widget=DateInput())
    ends_on = forms.DateField(label="Planned end", widget=DateInput())

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        people = Member.objects.filter(department_id=by.department_id, is_active=True).order_by(
            "last_name", "first_name"
        )
        self.fields["monitoring_supervisor"].queryset = people.filter(groups__name=GROUP_FOR_ROLE[Role.SUPERVISOR])
        self.fields["members"].queryset = people
        covert = SocialAccount.objects.filter(department_id=by.department_id, kind=AccountKind.COVERT)
        self.fields["accounts"].queryset = post_permissions.visible(by, covert).order_by("platform", "handle")


class NoteForm(forms.Form):
    note = forms.CharField(label="Note", max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3}))


class ExternalPostingForm(forms.Form):
    url = forms.URLField(label="Link to the posting", max_length=500, assume_scheme="https")
    text = forms.CharField(
        label="The text as posted",
        max_length=limits.TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=False,
        help_text="Kept with its SHA-256, as captured.",
    )
