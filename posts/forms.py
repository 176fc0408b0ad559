"""Browser forms for posts, accounts, incidents, removals and reports.

The forms only gather and type the input; posts.services decides. Choice fields
offer only what the signed-in member may see (posts.permissions.visible), and a
service's ValidationError goes back on the field it names (people.forms.add_service_errors).
No form has a status field: state changes only through the services' transitions.
"""

from django import forms
from django.db.models import Q
from django.utils.formats import number_format

from people.models import Authorization, Member
from people.roles import GROUP_FOR_ROLE, Role
from socialgov import limits

from . import permissions
from .choices import (
    CHECKLIST_FIELDS,
    GRAPHEME_PLATFORMS,
    AccountKind,
    Channel,
    CommentState,
    IncidentStatus,
    Platform,
    PostStatus,
)
from .models import Incident, MediaAttachment, Post, SocialAccount


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class AccountCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that carry each account's character limit for the editor's live count (editor.js)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        account = getattr(value, "instance", None)
        if account is not None:
            option["attrs"]["data-limit"] = account.character_limit
            option["attrs"]["data-account"] = str(account)
            if account.platform in GRAPHEME_PLATFORMS:
                option["attrs"]["data-count"] = "graphemes"
        return option


class AccountChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} (up to {number_format(obj.character_limit, force_grouping=True)} characters)"


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


def category_choices(department) -> list[tuple[str, str]]:
    """The department's authorized-content categories with their own citations (3xx.4 a-h)."""
    return [
        (c["key"], f"{c['label']} ({c['citation']})" if c.get("citation") else c["label"])
        for c in department.categories
    ]


def postable_accounts(member):
    """Approved accounts the member holds a current authorization for (3xx.3), as far as they may see them."""
    held = Authorization.objects.current().filter(member=member).values("accounts")
    return permissions.visible(member, SocialAccount.objects.filter(pk__in=held, approved_at__isnull=False)).order_by(
        "platform", "handle"
    )


def department_members(by, *roles):
    members = Member.objects.filter(department_id=by.department_id, is_active=True)
    if roles:
        members = members.filter(groups__name__in=[GROUP_FOR_ROLE[role] for role in roles]).distinct()
    return members.order_by("last_name", "first_name", "username")


def service_checks(field: forms.Field) -> forms.Field:
    """A field the service requires: the form lets it through empty so that the service answers first
    for the object's state (409) and the member's permission (403), then names it if it is missing.
    The page still marks it required."""
    field.service_required = True
    field.widget.attrs["aria-required"] = "true"
    return field


def normalize_newlines(text: str) -> str:
    # Browsers send a textarea's line breaks as CRLF; the post and the live count use LF.
    return text.replace("\r\n", "\n").replace("\r", "\n")


class PostForm(forms.Form):
    """The draft editor: the text, its category (3xx.4), the accounts, an incident (3xx.4.1) and when to publish."""

    body = forms.CharField(
        label="Text of the post",
        strip=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 8, "aria-describedby": "body-counts"}),
        error_messages={"required": "Write the text of the post."},
    )
    category = forms.ChoiceField(label="Category", widget=forms.RadioSelect)
    accounts = AccountChoiceField(
        queryset=SocialAccount.objects.none(),
        widget=AccountCheckboxes,
        label="Accounts",
        error_messages={"required": "Choose at least one account."},
    )
    incident = forms.ModelChoiceField(
        queryset=Incident.objects.none(),
        required=False,
        label="Incident",
        empty_label="Not about an incident",
    )
    publish_at = forms.DateTimeField(
        label="Publish at",
        required=False,
        widget=DateTimeInput(),
        help_text="Leave empty to publish as soon as it is approved. Posts to accounts published by hand "
        "cannot be scheduled.",
    )

    # Media (general policy IV.B): the uploader attests the department's right to publish the file.
    file = forms.FileField(
        label="Image or video",
        required=False,
        help_text="A JPEG, PNG, GIF or WebP image, or an MP4 or QuickTime video.",
    )
    rights_attested = forms.BooleanField(
        label="The department has the right to publish this file (general policy IV.B: copyright, trademarks)",
        required=False,
    )
    credit = forms.CharField(
        label="Credit line",
        required=False,
        max_length=300,
        help_text="Who made the image or video, as it should be credited.",
    )
    alt_text = forms.CharField(
        label="Alt text",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the image shows, for readers who cannot see it (required for "
        "connected accounts such as Bluesky).",
    )
    keep_media = forms.ModelMultipleChoiceField(
        queryset=MediaAttachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Attached media",
        help_text="Uncheck a file to take it off the post.",
    )

    def __init__(self, *args, by, post: Post | None = None, from_request: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        department = by.department
        if post is not None and post.current_revision_id:
            self.fields["keep_media"].queryset = permissions.visible(
                by, MediaAttachment.objects.filter(revisions=post.current_revision_id)
            ).order_by("pk")
        else:
            del self.fields["keep_media"]
        self.fields["category"].choices = category_choices(department)
        self.fields[
            "category"
        ].help_text = f"The kinds of content the department posts ({department.cite('authorized_content')})."
        accounts = postable_accounts(by)
        if post is not None:
            # Keep the post's own accounts on offer so that the author sees them; the service refuses any
            # the member is no longer authorized for.
            accounts = (
                permissions.visible(by, SocialAccount.objects.filter(Q(pk__in=accounts.values("pk")) | Q(posts=post)))
                .distinct()
                .order_by("platform", "handle")
            )
        self.fields["accounts"].queryset = accounts
        self.fields[
            "accounts"
        ].help_text = f"Only accounts you hold a current authorization for ({department.cite('authorized_users')})."
        if post is not None and post.author_id != by.pk:
            # A supervisor rewriting another member's post says why; the revision keeps it (issue 17.5).
            self.fields["reason"] = forms.CharField(
                label="Why you are changing this post",
                max_length=limits.NOTE,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=f"The post is {post.author.display_name}'s; your reason is kept with the revision.",
                error_messages={
                    "required": "Say why you are changing another member's post; the reason is kept with the revision."
                },
            )
        if from_request:
            for name in ("incident", "publish_at", "file", "rights_attested", "credit", "alt_text"):
                del self.fields[name]
        else:
            incidents = permissions.visible(by, Incident.objects.active())
            if post is not None and post.incident_id:
                incidents = permissions.visible(
                    by, Incident.objects.filter(Q(status=IncidentStatus.ACTIVE) | Q(pk=post.incident_id))
                )
            self.fields["incident"].queryset = incidents.select_related("commander").order_by("name")
            self.fields["incident"].help_text = (
                "Posts about an active incident are approved by its Incident Commander "
                f"({department.cite('incident')})."
            )

    def clean_body(self):
        return normalize_newlines(self.cleaned_data["body"])

    @classmethod
    def initial_for(cls, post: Post) -> dict:
        return {
            "body": post.body,
            "category": post.category,
            "accounts": list(post.accounts.all()),
            "incident": post.incident,
            "publish_at": post.publish_at,
            "keep_media": list(post.current_revision.media.all()) if post.current_revision_id else [],
        }

    def show_typed(self, data) -> "PostForm":
        """Show what was typed without judging it: "Check for prohibited content" saves nothing, so it shows no
        errors either. (A chosen file is not shown again: a browser never sends one back.)"""
        for name, field in self.fields.items():
            if not isinstance(field, forms.FileField):
                self.initial[name] = field.widget.value_from_datadict(data, {}, self.add_prefix(name))
        return self

    def media_fields(self):
        names = ("keep_media", "file", "rights_attested", "credit", "alt_text")
        return [self[name] for name in names if name in self.fields]


class NoForm(forms.Form):
    """A transition that takes no input; its form carries the service's errors back to the page."""


class DecisionForm(forms.Form):
    note = forms.CharField(
        label="Note to the author",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you request changes or reject.",
    )
    # The SHA-256 of the revision on the page: a decision lands only on the text its approver read, so it is
    # required (issue 17.5); another revision current by now is a 409.
    revision = forms.CharField(
        max_length=64,
        widget=forms.HiddenInput,
        error_messages={
            "required": "The page did not say which revision you read; open the post again and decide on what it shows."
        },
    )


class PublishForm(forms.Form):
    """One URL field for each account the PIO publishes to by hand (the manual channel)."""

    def __init__(self, *args, post: Post, **kwargs):
        super().__init__(*args, **kwargs)
        self.manual_accounts = [a for a in post.accounts.all() if a.channel == Channel.MANUAL]
        self.automatic_accounts = [a for a in post.accounts.all() if a.channel != Channel.MANUAL]
        for account in self.manual_accounts:
            self.fields[f"url_{account.pk}"] = service_checks(
                forms.URLField(
                    label=f"URL of the post on {account}",
                    required=False,
                    max_length=500,
                    assume_scheme="https",
                    help_text="Post the approved text by hand on the platform, then record where it is.",
                    widget=forms.URLInput(attrs={"inputmode": "url"}),
                )
            )

    def urls(self) -> dict[int, str]:
        return {a.pk: self.cleaned_data.get(f"url_{a.pk}") or "" for a in self.manual_accounts}

    def service_error_fields(self, error):
        """The service names a missing address `url`: shown on each empty address field, so the error summary
        links to the field to fill (issue 14.4)."""
        if not hasattr(error, "error_dict") or "url" not in error.message_dict:
            return error
        messages = error.message_dict
        empty = [f"url_{pk}" for pk, url in self.urls().items() if not url] or [f"url_{self.manual_accounts[0].pk}"]
        named = {key: value for key, value in messages.items() if key != "url"}
        named.update({field: messages["url"] for field in empty})
        return type(error)(named)


class RemoveForm(forms.Form):
    reason = service_checks(
        forms.CharField(
            label="Reason for removal",
            max_length=5000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    )


class DiffForm(forms.Form):
    """Choose two revisions of a post to compare."""

    a = forms.TypedChoiceField(label="From revision", coerce=int)
    b = forms.TypedChoiceField(label="To revision", coerce=int)

    def __init__(self, *args, revisions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(r.number, f"Revision {r.number}") for r in revisions]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Every status"), *PostStatus.choices])


class ResolveForm(forms.Form):
    cause = service_checks(
        forms.CharField(
            label="Cause",
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=5000,
            required=False,
            help_text="How the content came to be posted.",
        )
    )
    findings = forms.CharField(
        label="Findings", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )
    resolution = service_checks(
        forms.CharField(
            label="Resolution",
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=5000,
            required=False,
            help_text="What was done about it.",
        )
    )


class ReportForm(forms.Form):
    post = forms.ModelChoiceField(
        queryset=Post.objects.none(), required=False, label="Post", empty_label="Not a post in socialgov (give its URL)"
    )
    url = forms.URLField(label="URL of the content", required=False, max_length=500, assume_scheme="https")
    description = forms.CharField(
        label="What is wrong with it", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        posts = permissions.visible(by, Post.objects.filter(status__in=PostStatus.public()))
        self.fields["post"].queryset = posts.select_related("current_revision").order_by("-published_at", "-id")
        self.fields["post"].label_from_instance = post_label

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("post") is None and not data.get("url"):
            self.add_error("url", "Choose the post or give the URL of the content.")
        return data


def post_label(post: Post) -> str:
    text = " ".join(post.body.split())
    return f"Post #{post.pk}: {text[:60]}{'…' if len(text) > 60 else ''}"


class OutsideRemovalForm(forms.Form):
    """Content socialgov did not publish was removed from public view (issue 16.6)."""

    how = forms.CharField(
        label="How it was removed",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="E.g. the platform took it down at our request; the member deleted it.",
    )
    removed_at = forms.DateTimeField(label="Removed at", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class CloseReportForm(forms.Form):
    action_taken = service_checks(
        forms.CharField(label="Action taken", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False)
    )


class IncidentForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    commander = MemberChoiceField(queryset=Member.objects.none(), label="Incident Commander")
    pio = MemberChoiceField(
        queryset=Member.objects.none(),
        label="Public Information Officer",
        required=False,
        help_text="Compiles the incident's updates.",
    )

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commander"].queryset = department_members(by)
        self.fields["pio"].queryset = department_members(by, Role.PIO)


def page_requirements(department) -> list[dict]:
    """The seven checklist items, labelled and cited as the department's pack gives them (general IV.A)."""
    given = {item["key"]: item for item in department.policy.get("page_requirements", [])}
    fallback = {
        field: {"key": field, "label": field.replace("_", " ").capitalize(), "citation": ""}
        for field in CHECKLIST_FIELDS
    }
    return [given.get(field, fallback[field]) for field in CHECKLIST_FIELDS]


class AccountForm(forms.Form):
    """The chief adds an account or keeps its page checklist and channel settings (general IV.A, IV.E)."""

    platform = forms.ChoiceField(label="Platform", choices=Platform.choices)
    handle = forms.CharField(label="Handle", max_length=100)
    url = forms.URLField(label="Address of the account", required=False, assume_scheme="https", max_length=200)
    kind = forms.ChoiceField(
        label="Kind", choices=AccountKind.choices, widget=forms.RadioSelect, initial=AccountKind.PUBLIC
    )
    monitoring_supervisor = MemberChoiceField(
        queryset=Member.objects.none(),
        required=False,
        label="Monitoring supervisor",
        help_text="A covert account needs a supervisor assigned to monitor it.",
    )
    channel = forms.ChoiceField(
        label="Channel", choices=Channel.choices, widget=forms.RadioSelect, initial=Channel.MANUAL
    )
    webhook_url = forms.URLField(
        label="Webhook URL",
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text="Where the webhook channel POSTs signed JSON.",
    )
    webhook_secret = forms.CharField(
        label="Webhook secret",
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, by, account: SocialAccount | None = None, **kwargs):
        if account is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"].update(
                {
                    "platform": account.platform,
                    "handle": account.handle,
                    "url": account.url,
                    "kind": account.kind,
                    "monitoring_supervisor": account.monitoring_supervisor_id,
                    "channel": account.channel,
                    "webhook_url": account.webhook_url,
                    **account.checklist,
                }
            )
        super().__init__(*args, **kwargs)
        self.account = account
        department = by.department
        self.fields["kind"].help_text = f"Covert accounts: {department.cite('covert') or 'general policy IV.E'}."
        self.fields["monitoring_supervisor"].queryset = department_members(by, Role.SUPERVISOR)
        self.fields["webhook_secret"].help_text = (
            "The key for the HMAC-SHA256 signature. Leave empty to keep the current secret."
            if account is not None and account.webhook_secret
            else "The key for the HMAC-SHA256 signature."
        )
        self.checklist_names = []
        for item in page_requirements(department):
            citation = f" ({item['citation']})" if item.get("citation") else ""
            self.fields[item["key"]] = forms.BooleanField(label=f"{item['label']}{citation}", required=False)
            self.checklist_names.append(item["key"])

    def checklist_fields(self):
        return [self[name] for name in self.checklist_names]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        if not data.get("webhook_secret"):
            data.pop("webhook_secret", None)
        data["url"] = data.get("url") or ""
        data["webhook_url"] = data.get("webhook_url") or ""
        if self.account is not None:
            # Only what changed, so that the audit event shows the chief's edit and nothing else.
            current = {field: getattr(self.account, field) for field in data if field != "webhook_secret"}
            data = {
                field: value
                for field, value in data.items()
                if field == "webhook_secret" or current.get(field) != value
            }
        return data


class CommentFilterForm(forms.Form):
    """The comments list's filters (GET)."""

    account = forms.ModelChoiceField(
        queryset=SocialAccount.objects.none(), required=False, label="Account", empty_label="Every account"
    )
    state = forms.ChoiceField(choices=[("", "Any"), *CommentState.choices], required=False, label="On the platform")
    post = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = permissions.visible(by, SocialAccount.objects.all()).order_by(
            "platform", "handle"
        )


class CommentImportForm(forms.Form):
    account = forms.ModelChoiceField(queryset=SocialAccount.objects.none(), label="Account the comments were left on")
    file = forms.FileField(
        label="Comments export (CSV)",
        help_text="The platform's CSV export of the comments (Facebook, X or Instagram columns: "
        "comment id, author, text or message, created time).",
    )

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        accounts = permissions.visible(by, SocialAccount.objects.all()).order_by("platform", "handle")
        if not by.has_role(*permissions.COMMENT_CAPTURE_ROLES):
            accounts = accounts.filter(pk__in=Authorization.objects.current().filter(member=by).values("accounts"))
        self.fields["account"].queryset = accounts


class ModerateCommentForm(forms.Form):
    state = forms.ChoiceField(
        label="Action on the platform",
        widget=forms.RadioSelect,
        choices=[(CommentState.HIDDEN, "Hidden on the platform"), (CommentState.DELETED, "Deleted on the platform")],
    )
    reason = service_checks(
        forms.CharField(
            label="Reason",
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=5000,
            required=False,
            help_text="Which of the page's comment-moderation terms the comment broke, and how.",
        )
    )
