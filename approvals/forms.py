"""Browser forms for post requests through the chain of command (3xx.3).

They only gather the input; approvals.services decides, and its ValidationError
goes back on the field it names.
"""

from django import forms

from posts.forms import category_choices
from socialgov import limits


class PostRequestForm(forms.Form):
    category = forms.ChoiceField(label="Category", widget=forms.RadioSelect)
    summary = forms.CharField(label="What you would like posted, and why", max_length=limits.NOTE,
                              widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(by.department)
        self.fields["category"].help_text = (
            f"The kinds of content the department posts ({by.department.cite('authorized_content')})."
        )


class RequestDecisionForm(forms.Form):
    """Forward or decline: one note, two buttons. Declining needs the note (the service says so)."""

    note = forms.CharField(
        label="Note", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when you decline: the member is told why.",
    )
