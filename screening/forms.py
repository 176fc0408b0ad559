"""Browser forms for screening: overriding a finding, reporting a false positive, the chief's rules and the
hold terms. They only gather and type the input; screening.services decides (and names what is wrong)."""

from django import forms

from socialgov import limits

from .choices import Code, Severity


def lines(text: str) -> list[str]:
    """One entry per line, blank lines dropped: how the pages take word lists."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class OverrideForm(forms.Form):
    """A supervisor's written justification for clearing one finding (3xx.5)."""

    justification = forms.CharField(
        label="Justification",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why this finding does not stop the post, in at least a sentence. It is kept with the post's record.",
        error_messages={"required": "Write why this finding does not stop the post."},
    )


class FalsePositiveForm(forms.Form):
    note = forms.CharField(
        label="What is wrong with the finding",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The chief reads these reports to tune the rules.",
    )


class RuleForm(forms.Form):
    """The chief's setting for one rule: on or off, block or warn, the department's own words (3xx.5)."""

    enabled = forms.BooleanField(label="Screen drafts against this rule", required=False)
    severity = forms.ChoiceField(
        label="Severity",
        choices=[
            (Severity.BLOCK, "Block: stops approval until a supervisor overrides it"),
            (Severity.WARN, "Warn: shown to the author and the approver, does not stop approval"),
        ],
        widget=forms.RadioSelect,
    )
    terms = forms.CharField(
        max_length=limits.TEXT,
        label="The department's own terms",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One word or phrase per line; each one found in a draft is a finding of this rule.",
    )
    exceptions = forms.CharField(
        max_length=limits.TEXT,
        label="Exceptions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One word or phrase per line that is never a finding of this rule (the answer to a false positive).",
    )
    reason = forms.CharField(
        max_length=limits.NOTE,
        label="Why",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept with each finding the change withdraws, with your name (switching a rule off withdraws "
        "its findings on posts waiting for approval).",
    )

    @classmethod
    def initial_for(cls, rule) -> dict:
        return {
            "enabled": rule.enabled,
            "severity": rule.severity,
            "terms": "\n".join(rule.terms),
            "exceptions": "\n".join(rule.exceptions),
        }

    def changes(self) -> dict:
        data = self.cleaned_data
        return {
            "enabled": data["enabled"],
            "severity": data["severity"],
            "terms": lines(data["terms"]),
            "exceptions": lines(data["exceptions"]),
            "reason": data["reason"],
        }


class HoldForm(forms.Form):
    """Terms held back while a case is open (3xx.5(c))."""

    case_number = forms.CharField(
        label="Case number", max_length=60, error_messages={"required": "Give the case number."}
    )
    terms = forms.CharField(
        max_length=limits.TEXT,
        label="Terms to hold back",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One per line: unreleased names, evidence details, addresses. The case number is held back too.",
    )


class ReleaseForm(forms.Form):
    note = forms.CharField(
        label="Release note",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why the terms may be published now, e.g. charges filed and names released.",
    )


class MissedForm(forms.Form):
    """A supervisor's report that the screener missed a code on a post (issue 13.3)."""

    code = forms.ChoiceField(label="What the screener missed", choices=Code.choices)
    note = forms.CharField(
        label="Which words, and why",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The post's text becomes a labelled draft; the chief decides whether it joins the department's "
        "corpus.",
    )


class AcceptForm(forms.Form):
    """The codes a reported draft carries as the chief accepts it into the department's corpus."""

    expect = forms.MultipleChoiceField(
        label="Codes the draft carries (none: a clean draft)",
        required=False,
        choices=Code.choices,
        widget=forms.CheckboxSelectMultiple,
    )
