"""Browser forms for post requests through the chain of command (3xx.3).

They only gather the input; approvals.services decides, and its ValidationError
goes back on the field it names.
"""

from django import forms

from posts.forms import category_choices
from posts.models import MediaAttachment, SocialAccount
from socialgov import limits

from .choices import GuidelineMedia


class PostRequestForm(forms.Form):
    category = forms.ChoiceField(label="Category", widget=forms.RadioSelect)
    summary = forms.CharField(
        label="What you would like posted, and why", max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(by.department)
        self.fields[
            "category"
        ].help_text = f"The kinds of content the department posts ({by.department.cite('authorized_content')})."


class RequestDecisionForm(forms.Form):
    """Forward or decline: one note, two buttons. Declining needs the note (the service says so)."""

    note = forms.CharField(
        label="Note",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when you decline: the member is told why.",
    )


class GuidelineForm(forms.Form):
    """The chief's guideline for a category (3xx.3); approvals.guidelines decides and checks."""

    category = forms.ChoiceField(label="Category", widget=forms.RadioSelect)
    text = forms.CharField(
        label="The guideline",
        max_length=limits.TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What authors read in the editor: what may be posted in this category, and how.",
    )
    accounts = forms.ModelMultipleChoiceField(
        queryset=SocialAccount.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Accounts",
        help_text="The accounts conforming posts go to. None chosen: every account.",
    )
    media = forms.ChoiceField(
        label="Media", choices=GuidelineMedia.choices, widget=forms.RadioSelect, initial=GuidelineMedia.NONE
    )
    approved_media = forms.ModelMultipleChoiceField(
        queryset=MediaAttachment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Approved media",
        help_text="With \u201conly approved media\u201d: the files a conforming post may carry.",
    )

    def __init__(self, *args, by, guideline=None, **kwargs):
        super().__init__(*args, **kwargs)
        department = by.department
        self.fields["category"].choices = category_choices(department)
        self.fields["category"].help_text = f"One guideline per category ({department.cite('authorized_content')})."
        self.fields["accounts"].queryset = SocialAccount.objects.filter(department=department).order_by(
            "platform", "handle"
        )
        self.fields["approved_media"].queryset = MediaAttachment.objects.filter(department=department)[:200]
        if guideline is not None:
            del self.fields["category"]


class TemplateForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, help_text="For example \u201cRoad closure\u201d.")
    text = forms.CharField(
        label="Text",
        max_length=limits.POST,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Name each field in braces: {road} is closed between {start} and {end}.",
    )


class TemplateDraftForm(forms.Form):
    """A post from a template: the accounts, and only the template's fields (3xx.3)."""

    accounts = forms.ModelMultipleChoiceField(
        queryset=SocialAccount.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Accounts",
        error_messages={"required": "Choose at least one account."},
    )

    def __init__(self, *args, template, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accounts"].queryset = SocialAccount.objects.filter(pk__in=[a.pk for a in accounts])
        for name in template.field_names:
            self.fields[f"field_{name}"] = forms.CharField(
                label=name.replace("_", " ").capitalize(), max_length=limits.NOTE
            )

    def template_fields(self) -> dict[str, str]:
        return {
            key.removeprefix("field_"): value for key, value in self.cleaned_data.items() if key.startswith("field_")
        }
