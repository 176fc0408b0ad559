"""The screening API's shapes (DESIGN.md "Interfaces"). Serializers type the input; screening.services
decides and writes."""

import functools

from rest_framework import serializers

from people.models import Member
from socialgov import limits

from ..choices import Code, FindingSource, Severity
from ..models import CaseHold, FalsePositiveReport, Flag, LabelledDraft
from ..services import MAX_TEXT_BYTES


class StrictCharField(serializers.CharField):
    """A string and nothing else: a number or a list is "Not a valid string", never silently converted."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ScreenRequestSerializer(serializers.Serializer):
    text = StrictCharField(
        allow_blank=True,
        trim_whitespace=False,
        max_length=MAX_TEXT_BYTES,
        help_text="The draft's text, at most 64 KB (UTF-8).",
    )
    category = StrictCharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        default="",
        max_length=40,
        help_text="The post's category key (3xx.4), if chosen.",
    )

    def validate_text(self, text):
        if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
            raise serializers.ValidationError(f"The text is over 64 KB ({len(text.encode('utf-8')):,} bytes).")
        return text

    def validate_category(self, category):
        category = category or ""
        department = self.context.get("department")
        if category and department is not None and category not in [c["key"] for c in department.categories]:
            raise serializers.ValidationError(f"{category!r} is not one of the department's categories (3xx.4).")
        return category


class FindingSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=Code.choices)
    rule = serializers.CharField()
    citation = serializers.CharField()
    severity = serializers.ChoiceField(choices=Severity.choices)
    start = serializers.IntegerField(help_text="Offset of the first character, in Unicode code points.")
    end = serializers.IntegerField(help_text="Offset just past the last character.")
    excerpt = serializers.CharField()
    message = serializers.CharField()
    source = serializers.ChoiceField(
        choices=FindingSource.choices, help_text="pattern, word list, hold term or learned (weigh a learned one)."
    )
    evidence = serializers.ListField(
        child=serializers.CharField(), help_text="For a learned finding, the words in the text that weighed most."
    )


class ScreenResponseSerializer(serializers.Serializer):
    flags = FindingSerializer(many=True)


class FlagSerializer(serializers.ModelSerializer):
    """A finding stored on a post's revision, with its override if a supervisor cleared it (3xx.5)."""

    post = serializers.IntegerField(source="post_id", read_only=True)
    revision = serializers.IntegerField(source="revision.number", read_only=True)
    overridden = serializers.SerializerMethodField()
    override_justification = serializers.SerializerMethodField()
    overridden_by = serializers.SerializerMethodField()
    overridden_at = serializers.SerializerMethodField()

    class Meta:
        model = Flag
        fields = [
            "id",
            "post",
            "revision",
            "code",
            "rule",
            "citation",
            "severity",
            "start",
            "end",
            "excerpt",
            "message",
            "source",
            "evidence",
            "overridden",
            "override_justification",
            "overridden_by",
            "overridden_at",
            "withdrawn_at",
            "withdrawn_reason",
        ]
        read_only_fields = fields

    def get_overridden(self, flag) -> bool:
        return flag.override_or_none is not None

    def get_override_justification(self, flag) -> str | None:
        override = flag.override_or_none
        return override.justification if override else None

    def get_overridden_by(self, flag) -> str | None:
        override = flag.override_or_none
        return override.overridden_by.display_name if override else None

    def get_overridden_at(self, flag) -> str | None:
        override = flag.override_or_none
        return serializers.DateTimeField().to_representation(override.overridden_at) if override else None


class PostFlagSerializer(FlagSerializer):
    """The findings on a post's current text, as GET /api/v1/posts/{id}/ shows them."""

    class Meta(FlagSerializer.Meta):
        fields = [
            "id",
            "code",
            "rule",
            "citation",
            "severity",
            "start",
            "end",
            "excerpt",
            "message",
            "source",
            "evidence",
            "overridden",
            "override_justification",
            "overridden_by",
            "overridden_at",
        ]
        read_only_fields = fields


class PostFlagsField(serializers.ListField):
    """GET /api/v1/posts/{id}/'s `flags`: the screener's findings on the current text (3xx.5), with any
    supervisor's override (registered with posts.hooks.api_field by screening.pages)."""

    def __init__(self, **kwargs):
        super().__init__(child=PostFlagSerializer(), read_only=True, **kwargs)

    def get_attribute(self, post):
        revision = post.current_revision
        return standing_in_order(revision.flags.all()) if revision is not None else []

    @staticmethod
    def represent(rows) -> list:
        """The field's value from the standing findings' values (FLAG_VALUES, screening.pages.load_flags), without a
        query or a model instance (PostSerializer's fast path, issue 18.2)."""
        return [flag_data(row) for row in sorted(rows, key=lambda row: (row["start"], row["end"], row["id"]))]


@functools.cache
def _post_flag_serializer() -> PostFlagSerializer:
    """PostFlagSerializer with its fields built once per process; it keeps no state between rows. A new one per row
    builds its fields from the model again (ModelSerializer.get_fields), about 2 ms a row (issue 18.2)."""
    return PostFlagSerializer()


# PostFlagSerializer's fields that show an attribute of the finding as it is stored.
_PLAIN_FLAG_FIELDS = ("id", "code", "rule", "citation", "severity", "start", "end", "excerpt", "message", "source")
_WHEN = serializers.DateTimeField()
_OVERRIDER = tuple(f"override__overridden_by__{name}" for name in Member.NAME_FIELDS)
# What flag_data reads of a finding, its override and the overrider, as values() names.
FLAG_VALUES = (
    *_PLAIN_FLAG_FIELDS,
    "evidence",
    "revision_id",
    "override__id",
    "override__justification",
    "override__overridden_at",
    *_OVERRIDER,
)


def flag_data(row: dict) -> dict:
    """PostFlagSerializer's answer for a finding read as FLAG_VALUES, without DRF's per-field walk (the post API's
    fast path, issue 18.2; tests/perf/test_post_api.py holds the two to the same answer)."""
    fields = _post_flag_serializer().fields
    answer = {
        name: None if (value := row[name]) is None else fields[name].to_representation(value)
        for name in _PLAIN_FLAG_FIELDS
    }
    answer["evidence"] = None if row["evidence"] is None else fields["evidence"].to_representation(row["evidence"])
    overridden = row["override__id"] is not None
    answer["overridden"] = overridden
    answer["override_justification"] = row["override__justification"] if overridden else None
    answer["overridden_by"] = Member.name_from(*(row[name] for name in _OVERRIDER)) if overridden else None
    answer["overridden_at"] = _WHEN.to_representation(row["override__overridden_at"]) if overridden else None
    return answer


def standing_in_order(flags) -> list:
    """The findings not withdrawn, in the order they fall in the text."""
    return sorted((flag for flag in flags if flag.withdrawn_at is None), key=lambda f: (f.start, f.end, f.pk))


class OverrideSerializer(serializers.Serializer):
    justification = StrictCharField(
        max_length=5000, help_text="Why the finding does not stop the post: at least a sentence (3xx.5)."
    )


class FalsePositiveSerializer(serializers.Serializer):
    note = StrictCharField(required=False, allow_blank=True, default="", max_length=5000)


class FalsePositiveReportSerializer(serializers.ModelSerializer):
    flag = FlagSerializer(read_only=True)
    reported_by = serializers.CharField(source="reported_by.display_name", read_only=True)

    class Meta:
        model = FalsePositiveReport
        fields = ["id", "flag", "note", "reported_by", "created_at"]
        read_only_fields = fields


class CaseHoldSerializer(serializers.ModelSerializer):
    """Hold terms for an open case (3xx.5(c)): the case number and the terms drafts may not mention."""

    case_number = StrictCharField(max_length=60)
    terms = serializers.ListField(
        child=StrictCharField(max_length=200, allow_blank=True), max_length=500, allow_empty=True
    )
    active = serializers.BooleanField(source="is_active", read_only=True)
    created_by = serializers.PrimaryKeyRelatedField(read_only=True)
    created_by_name = serializers.CharField(source="created_by.display_name", read_only=True)
    released_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)  # null while the hold is in force

    class Meta:
        model = CaseHold
        fields = [
            "id",
            "case_number",
            "terms",
            "active",
            "created_by",
            "created_by_name",
            "created_at",
            "released_at",
            "released_by",
            "release_note",
        ]
        read_only_fields = ["id", "active", "created_by", "created_at", "released_at", "released_by", "release_note"]


class ReleaseSerializer(serializers.Serializer):
    note = StrictCharField(required=False, allow_blank=True, default="", max_length=5000)


class RuleSerializer(serializers.Serializer):
    """One screening rule of the department: the pack's name and citation, the chief's settings (3xx.5)."""

    code = serializers.ChoiceField(choices=Code.choices, read_only=True)
    name = serializers.CharField(read_only=True)
    citation = serializers.CharField(read_only=True)
    enabled = serializers.BooleanField(required=False)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False)
    terms = serializers.ListField(
        child=StrictCharField(max_length=200, allow_blank=True),
        required=False,
        max_length=1000,
        help_text="Words and phrases the department adds to this rule.",
    )
    exceptions = serializers.ListField(
        child=StrictCharField(max_length=200, allow_blank=True),
        required=False,
        max_length=1000,
        help_text="Words and phrases never found under this rule.",
    )
    reason = StrictCharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=limits.NOTE,
        help_text="Why: kept, with who, on each finding the change withdraws (switching a rule off withdraws its "
        "findings on posts waiting for approval).",
    )


class MissedSerializer(serializers.Serializer):
    post = serializers.IntegerField(help_text="The post whose current text the screener missed something in.")
    code = serializers.ChoiceField(choices=Code.choices)
    note = StrictCharField(required=False, allow_blank=True, default="", max_length=5000)


class LabelDecisionSerializer(serializers.Serializer):
    expect = serializers.ListField(
        child=serializers.ChoiceField(choices=Code.choices),
        required=False,
        max_length=8,
        help_text="The codes the draft carries; [] for a clean draft.",
    )


class LabelledDraftSerializer(serializers.ModelSerializer):
    """A draft labelled by a supervisor's report; accepted ones make the department's corpus (issue 13.3)."""

    reported_by = serializers.CharField(source="reported_by.display_name", read_only=True)
    decided_by = serializers.CharField(source="decided_by.display_name", read_only=True, allow_null=True)
    post = serializers.IntegerField(source="post_id", read_only=True, allow_null=True)
    flag = serializers.IntegerField(source="flag_id", read_only=True, allow_null=True)

    class Meta:
        model = LabelledDraft
        fields = [
            "id",
            "kind",
            "code",
            "text",
            "expect",
            "note",
            "post",
            "flag",
            "reported_by",
            "created_at",
            "status",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields
