"""The API's shapes for people: the signed-in member, the department, members, accounts,
authorizations (3xx.3) and training records (3xx.8).

Serializers only type the input; the services in people.services decide and
write. Relation fields accept only rows the requester may see
(people.permissions.visible), so another department's member or account is
answered like one that does not exist. No status field is writable.
"""

from collections.abc import Mapping

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from socialgov import limits

from .. import hooks, permissions
from ..choices import TrainingTopic
from ..models import Authorization, Department, Designation, Member, TrainingRecord
from ..roles import Role

AUTHORIZATION_STATUSES = ["scheduled", "active", "expired", "revoked"]


def requester(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


def visible_to_requester(serializer, queryset):
    """The rows a relation field may accept: what the requester sees, nothing when there is no request
    (the schema generator)."""
    user = requester(serializer)
    return permissions.visible(user, queryset) if user is not None else queryset.none()


class RoleListField(serializers.ListField):
    child = serializers.ChoiceField(choices=Role.choices)


class MeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_full_name", read_only=True)
    roles = RoleListField(read_only=True, help_text='Role keys, e.g. "chief", "pio".')

    class Meta:
        model = Member
        fields = ["id", "username", "name", "department", "roles"]
        read_only_fields = fields


class CategorySerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    citation = serializers.CharField(read_only=True, help_text='The department\'s own section, e.g. "§322.4(a)".')


class DepartmentSerializer(serializers.ModelSerializer):
    """The department; the chief may change its public contacts and nothing else here."""

    EDITABLE = ("public_phone_numbers", "public_emails")

    categories = CategorySerializer(many=True, read_only=True, help_text="Authorized content categories (3xx.4).")
    # Shapes only: people.services.update_public_contacts validates each number and address.
    public_phone_numbers = serializers.ListField(child=serializers.CharField(max_length=40), max_length=20)
    public_emails = serializers.ListField(child=serializers.CharField(max_length=254), max_length=20)
    designees = serializers.SerializerMethodField(help_text="The chief's current designees and their scopes (3xx.3).")

    class Meta:
        model = Department
        fields = [
            "id",
            "slug",
            "name",
            "policy_number",
            "policy_title",
            "categories",
            "public_phone_numbers",
            "public_emails",
            "designees",
        ]
        read_only_fields = ["id", "slug", "name", "policy_number", "policy_title"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_designees(self, department) -> list[dict]:
        return [
            {
                "id": d.pk,
                "member": d.member_id,
                "name": d.member.display_name,
                "scopes": d.scopes,
                "starts_on": d.starts_on,
                "ends_on": d.ends_on,
            }
            for d in Designation.objects.current().filter(department=department).select_related("member")
        ]

    def to_internal_value(self, data):
        # DRF silently drops unknown and read-only keys; here naming one is an error, so
        # a client that thinks it changed the policy number learns that it did not.
        if isinstance(data, Mapping):
            others = sorted(key for key in data if key not in self.EDITABLE)
            if others:
                raise serializers.ValidationError(
                    {key: ["Only the public phone numbers and emails can be changed here."] for key in others}
                )
        return super().to_internal_value(data)


class MemberAuthorizationSerializer(serializers.ModelSerializer):
    """A member's current authorization, as shown in the member directory."""

    accounts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Authorization
        fields = ["id", "accounts", "starts_on", "expires_on"]
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer):
    """A directory entry. The training and authorization status are null unless the requester sees
    the department's records (people.permissions.sees_department_records) or is the member.

    Expects the rows of people.api.views.MemberViewSet: `groups`, `current_training` and
    `current_authorizations` prefetched, and the context's `department` and `show_status`.
    """

    name = serializers.CharField(source="get_full_name", read_only=True)
    roles = RoleListField(read_only=True)
    missing_training = serializers.SerializerMethodField(
        help_text="3xx.8 topics with no current training record; null if not yours to see."
    )
    authorizations = serializers.SerializerMethodField(
        help_text="Current authorizations to post (3xx.3); null if not yours to see."
    )

    class Meta:
        model = Member
        fields = [
            "id",
            "username",
            "name",
            "rank",
            "badge_number",
            "division",
            "roles",
            "supervisor",
            "missing_training",
            "authorizations",
        ]
        read_only_fields = fields

    def _shows_status(self, member) -> bool:
        user = requester(self)
        return self.context.get("show_status", False) or (user is not None and user.pk == member.pk)

    # Plain strings, not an enum: the same choices under a second name would make drf-spectacular
    # warn (TrainingRecord's "topic" names them); see ENUM_NAME_OVERRIDES.
    @extend_schema_field(serializers.ListField(child=serializers.CharField(), allow_null=True))
    def get_missing_training(self, member):
        if not self._shows_status(member):
            return None
        current = {record.topic for record in member.current_training}
        return [topic for topic in self.context["department"].training_topics if topic not in current]

    @extend_schema_field(MemberAuthorizationSerializer(many=True, allow_null=True))
    def get_authorizations(self, member):
        if not self._shows_status(member):
            return None
        return MemberAuthorizationSerializer(member.current_authorizations, many=True).data


class AccountField(serializers.PrimaryKeyRelatedField):
    """An account (posts'; people.hooks.visible_accounts) among those the requester may see, none without a
    request (the schema generator)."""

    def get_queryset(self):
        request = self.context.get("request")
        return hooks.visible_accounts(getattr(request, "user", None))


class AuthorizationSerializer(serializers.ModelSerializer):
    """An authorization to post (3xx.3). Created through people.services.grant_authorization; its
    status changes only by revoking (people.services.revoke_authorization) or with time."""

    member = serializers.PrimaryKeyRelatedField(queryset=Member.objects.none())
    accounts = AccountField(many=True)
    active = serializers.SerializerMethodField(help_text="Whether it counts today.")
    status = serializers.ChoiceField(choices=AUTHORIZATION_STATUSES, read_only=True)

    class Meta:
        model = Authorization
        fields = [
            "id",
            "member",
            "accounts",
            "starts_on",
            "expires_on",
            "active",
            "status",
            "granted_by",
            "revoked_at",
            "revoked_by",
            "revoke_reason",
            "created_at",
        ]
        read_only_fields = ["id", "granted_by", "revoked_at", "revoked_by", "revoke_reason", "created_at"]

    def get_fields(self):
        fields = super().get_fields()
        fields["member"].queryset = visible_to_requester(self, Member.objects.all())
        return fields

    def get_active(self, authorization) -> bool:
        return authorization.is_active()


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=limits.NOTE, help_text="Why the authorization is revoked; kept in the audit trail."
    )


class TrainingRecordSerializer(serializers.ModelSerializer):
    """A completed 3xx.8 training, recorded through people.services.record_training."""

    member = serializers.PrimaryKeyRelatedField(queryset=Member.objects.none())
    topic = serializers.ChoiceField(choices=TrainingTopic.choices)
    current = serializers.SerializerMethodField(help_text="Whether it counts today.")

    class Meta:
        model = TrainingRecord
        fields = ["id", "member", "topic", "completed_on", "expires_on", "note", "current", "recorded_by", "created_at"]
        read_only_fields = ["id", "recorded_by", "created_at"]
        extra_kwargs = {"note": {"required": False}, "expires_on": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        fields["member"].queryset = visible_to_requester(self, Member.objects.all())
        return fields

    def get_current(self, record) -> bool:
        return record.is_current()


class DesignationSerializer(serializers.ModelSerializer):
    """The chief's designee (§3xx.3; issue 16.2): the chief posts `member`, `scopes` (of authorizations, accounts,
    covert_operations, permission_requests, reviews), `starts_on`, `ends_on` (the last day) and `reason`."""

    member = serializers.PrimaryKeyRelatedField(queryset=Member.objects.all())
    scopes = serializers.ListField(child=serializers.CharField(max_length=40), max_length=10)
    status = serializers.CharField(read_only=True)
    reason = serializers.CharField(max_length=5000)

    class Meta:
        model = Designation
        fields = [
            "id",
            "member",
            "scopes",
            "starts_on",
            "ends_on",
            "reason",
            "status",
            "named_by",
            "named_at",
            "revoked_at",
            "revoked_by",
            "revoke_reason",
        ]
        read_only_fields = ["id", "status", "named_by", "named_at", "revoked_at", "revoked_by", "revoke_reason"]

    def get_fields(self):
        fields = super().get_fields()
        user = getattr(self.context.get("request"), "user", None)
        department_id = getattr(user, "department_id", None)
        fields["member"].queryset = Member.objects.filter(department_id=department_id, department__isnull=False)
        return fields
