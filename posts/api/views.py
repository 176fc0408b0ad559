"""The posts API (DESIGN.md "Interfaces"): accounts, posts and their transitions, incidents,
removal investigations and content reports.

Views fetch through posts.permissions.visible (not there: 404) and hand every change
to posts.services, which checks the state (409) and the permission (403) and writes
the audit event. Lists prefetch what their serializers read, so a page costs the
same few queries however many rows it holds.
"""

from django.db import connection
from django.http import FileResponse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from audits.api.serializers import AuditEventSerializer
from audits.models import AuditEvent
from socialgov.api import validated
from socialgov.query import record_id

from .. import comments, hooks, permissions, services
from ..media import upload_media
from ..models import (
    CapturedComment,
    ContentReport,
    Incident,
    MediaAttachment,
    Post,
    PostRevision,
    Publication,
    RemovalInvestigation,
    SocialAccount,
)
from .serializers import (
    AccountSerializer,
    CapturedCommentSerializer,
    CloseReportSerializer,
    ContentReportSerializer,
    IncidentSerializer,
    InvestigationSerializer,
    MediaSerializer,
    ModerateCommentSerializer,
    OutsideRemovalSerializer,
    PostSerializer,
    PublishSerializer,
    RemoveSerializer,
    ResolveSerializer,
    RevisionSerializer,
)


class AccountViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Your department's social media accounts (general policy IV.A). The chief adds and approves them and keeps
    their page checklist; a covert account (IV.E) is seen only by those assigned to it."""

    serializer_class = AccountSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        accounts = SocialAccount.objects.select_related("department").order_by("platform", "handle")
        return permissions.visible(self.request.user, accounts)

    def create(self, request, *args, **kwargs):
        permissions.require(request.user, "edit_account", None, "Only the chief of police adds accounts.")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        account = services.create_account(by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(account).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        account = self.get_object()
        permissions.require(request.user, "edit_account", account, "Only the chief of police changes accounts.")
        serializer = self.get_serializer(account, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        account = services.update_account(by=request.user, account=account, **serializer.validated_data)
        return Response(self.get_serializer(account).data)

    @extend_schema(request=None, responses=AccountSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The chief approves the account for the department's use (general policy IV.A.2). 409 if already."""
        account = services.approve_account(by=request.user, account=self.get_object())
        return Response(self.get_serializer(account).data)


def _ids_sql(through, owner: str, target, count: int, *, kind: int, text: str = "") -> str:
    """One branch of load_listed's query: (kind, owner id, target id, rank in the target's Meta.ordering, a text
    column of `through` or NULL) for `count` owners; with `text`, only the rows where that column is not empty."""
    quote = connection.ops.quote_name
    link, table = quote(through._meta.db_table), quote(target._meta.db_table)
    order = ", ".join(
        f"{table}.{quote(target._meta.get_field(name.lstrip('-')).column)}{' DESC' if name[0] == '-' else ''}"
        for name in target._meta.ordering
    )
    owner_column = quote(through._meta.get_field(owner).column)
    target_column = quote(next(f.column for f in through._meta.fields if f.related_model is target))
    text_column = f"{link}.{quote(through._meta.get_field(text).column)}" if text else "NULL"
    return (
        f"SELECT {kind}, {link}.{owner_column}, {link}.{target_column}, ROW_NUMBER() OVER (ORDER BY {order}), "
        f"{text_column} FROM {link} INNER JOIN {table} ON {table}.{quote('id')} = {link}.{target_column} "
        f"WHERE {link}.{owner_column} IN ({', '.join(['%s'] * count)})" + (f" AND {text_column} <> ''" if text else "")
    )


ACCOUNTS, MEDIA, PUBLICATIONS = 0, 1, 2


def load_listed(posts) -> None:
    """`listed_accounts` on each post and `listed_media` on its current revision: the ids, in the accounts' order
    (platform, handle) and the media's (newest first); and `first_publication_url`, the URL of its first
    publication in the accounts' order that has one (PostSerializer's `external_url`). From the two through tables
    and the publications in one statement for the whole page. Plain SQL: through Django's ORM the three cost
    several times the database's own time to build and compile (issue 18.2)."""
    by_post = {post.pk: post for post in posts}
    revisions = {post.current_revision_id: post.current_revision for post in posts if post.current_revision_id}
    for post in posts:
        post.listed_accounts = []
        post.first_publication_url = None
    for revision in revisions.values():
        revision.listed_media = []
    branches = [
        _ids_sql(Post.accounts.through, "post", SocialAccount, len(by_post), kind=ACCOUNTS),
        _ids_sql(Publication, "post", SocialAccount, len(by_post), kind=PUBLICATIONS, text="url"),
    ]
    params = [*by_post, *by_post]
    if revisions:
        branches.append(
            _ids_sql(PostRevision.media.through, "postrevision", MediaAttachment, len(revisions), kind=MEDIA)
        )
        params += list(revisions)
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(f"SELECT * FROM ({branch}) AS branch{n}" for n, branch in enumerate(branches)), params
        )
        rows = sorted(cursor.fetchall(), key=lambda row: (row[0], row[3]))
    for kind, owner, target, _rank, text in rows:
        if kind == ACCOUNTS:
            by_post[owner].listed_accounts.append(target)
        elif kind == MEDIA:
            revisions[owner].listed_media.append(target)
        elif by_post[owner].first_publication_url is None:
            by_post[owner].first_publication_url = text


def detailed_posts(user):
    """The posts the member sees, with what PostSerializer shows of each (accounts, media, the first publication's
    URL, and what the apps above add: approvals' decisions, screening's findings; posts.hooks.api_field) read once
    per page or detail by the fetched posts' ids (PostQuerySet.loading): a Prefetch of a relation builds querysets
    per lookup and level, and a subquery of the page's query costs as much to build and compile, more than the
    page's SQL (issue 18.2)."""
    # The author's name and the current revision are shown; the incident only by its id.
    posts = Post.objects.select_related("author", "current_revision")
    return permissions.visible_posts(user, posts, resolved=True).loading(load_listed, *hooks.api_loaders())


class PostViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Posts and their lifecycle (DESIGN.md "The post lifecycle"); submitting and deciding are approvals'
    (approvals.api.views.PostDecisionViewSet, at the same addresses). Filter with ?status=, ?mine=true,
    ?awaiting=true (the approval queue, oldest first), ?incident=ID."""

    serializer_class = PostSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        queryset = detailed_posts(user)
        params = self.request.query_params
        if params.get("status"):
            queryset = queryset.filter(status=params["status"])
        if params.get("mine") in ("1", "true"):
            queryset = queryset.filter(author=user)
        incident = record_id(params, "incident")
        if incident is not None:
            queryset = queryset.filter(incident_id=incident).order_by("created_at", "id")
        if params.get("awaiting") in ("1", "true"):
            queryset = queryset.awaiting_approval()
        return queryset

    def _answer(self, post, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=post.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        if not permissions.can(request.user, "create_post"):
            raise PermissionDenied(
                "Only members with a current authorization draft posts "
                f"({request.user.department.cite('authorized_users')})."
            )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        post = services.create_post(
            by=request.user,
            category=data["category"],
            accounts=data["accounts"],
            body=data["body"],
            incident=data.get("incident"),
            publish_at=data.get("publish_at"),
            media=data.get("current_revision", {}).get("media", []),
        )
        return self._answer(post, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        post = self.get_object()
        serializer = self.get_serializer(post, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        changes = {field: data[field] for field in ("body", "category", "accounts") if field in data}
        changes.update({field: data[field] for field in ("incident", "publish_at") if field in data})
        if "media" in data.get("current_revision", {}):
            changes["media"] = data["current_revision"]["media"]
        post = services.edit_post(by=request.user, post=post, reason=data.get("reason", ""), **changes)
        return self._answer(post)

    @extend_schema(request=PublishSerializer, responses=PostSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish the approved revision (or schedule it for publish_at). Accounts published by hand need `url`."""
        post = self.get_object()
        data = validated(PublishSerializer, request)
        urls = dict(data.get("urls") or {})
        if data.get("url"):
            manual = [account.pk for account in post.accounts.all() if account.channel == "manual"]
            if len(manual) != 1:
                raise serializers.ValidationError({"url": ["Several accounts are published by hand: give `urls`."]})
            urls[manual[0]] = data["url"]
        try:
            urls = {int(account): url for account, url in urls.items()}
        except ValueError:
            raise serializers.ValidationError({"urls": ["Keys must be account ids."]}) from None
        return self._answer(services.publish(by=request.user, post=post, urls=urls))

    @extend_schema(request=RemoveSerializer, responses=PostSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """A supervisor removes the post from public view; an investigation opens (3xx.5)."""
        post = self.get_object()
        reason = validated(RemoveSerializer, request)["reason"]
        services.remove(by=request.user, post=post, reason=reason)
        return self._answer(post)

    @extend_schema(responses=RevisionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)  # the whole history of one post, not a page
    def revisions(self, request, pk=None):
        post = self.get_object()
        revisions = PostRevision.objects.filter(post=post).select_related("author").order_by("number")
        return Response(RevisionSerializer(revisions, many=True).data)

    @extend_schema(responses=AuditEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)  # the whole history of one post, not a page
    def history(self, request, pk=None):
        """The post's audit events, oldest first."""
        post = self.get_object()
        events = AuditEvent.objects.filter(object_type="posts.Post", object_id=str(post.pk)).order_by("id")
        return Response(AuditEventSerializer(events, many=True).data)


class MediaViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Images and videos for posts: checked by content, stored under their SHA-256, with the uploader's
    attestation of the right to publish them and a credit line (general policy IV.B)."""

    serializer_class = MediaSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return permissions.visible(self.request.user, MediaAttachment.objects.all())

    def create(self, request, *args, **kwargs):
        if not permissions.can(request.user, "create_post"):
            raise PermissionDenied(
                "Only members with a current authorization upload media "
                f"({request.user.department.cite('authorized_users')})."
            )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        media = upload_media(
            by=request.user,
            upload=data["file"],
            rights_attested=data["rights_attested"],
            credit=data.get("credit", ""),
            alt_text=data.get("alt_text", ""),
        )
        return Response(self.get_serializer(media).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], pagination_class=None)  # the whole history of one post, not a page
    def file(self, request, pk=None):
        """The file itself, with the content type found in its bytes at upload."""
        media = self.get_object()
        response = FileResponse(media.file.open("rb"), content_type=media.content_type)
        response["Content-Disposition"] = f'inline; filename="{media.sha256}"'
        response["X-Content-Type-Options"] = "nosniff"
        # Opened on its own, an upload runs nothing and reaches nothing (sandboxed, no sources).
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
        return response


class IncidentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Active incidents (3xx.4.1): a supervisor or the chief opens one and names its commander."""

    serializer_class = IncidentSerializer

    def get_queryset(self):
        return permissions.visible(self.request.user, Incident.objects.all())

    def create(self, request, *args, **kwargs):
        permissions.require(request.user, "open_incident", None, "Only a supervisor or the chief opens an incident.")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        incident = services.open_incident(by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(incident).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=IncidentSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return Response(self.get_serializer(services.close_incident(by=request.user, incident=self.get_object())).data)


class InvestigationViewSet(viewsets.ReadOnlyModelViewSet):
    """Investigations of removed content (3xx.5), open until resolved."""

    serializer_class = InvestigationSerializer

    def get_queryset(self):
        return permissions.visible(self.request.user, RemovalInvestigation.objects.all())

    @extend_schema(request=ResolveSerializer, responses=InvestigationSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        investigation = self.get_object()
        data = validated(ResolveSerializer, request)
        investigation = services.resolve_investigation(by=request.user, investigation=investigation, **data)
        return Response(self.get_serializer(investigation).data)


class ContentReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Any member reports content (3xx.5); supervisors see every report and close them."""

    serializer_class = ContentReportSerializer

    def get_queryset(self):
        return permissions.visible(self.request.user, ContentReport.objects.all())

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = services.report_content(
            by=request.user, description=data["description"], post=data.get("post"), url=data.get("url", "")
        )
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CloseReportSerializer, responses=ContentReportSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        report = self.get_object()
        action_taken = validated(CloseReportSerializer, request)["action_taken"]
        return Response(
            self.get_serializer(services.close_report(by=request.user, report=report, action_taken=action_taken)).data
        )

    @extend_schema(request=OutsideRemovalSerializer, responses={201: InvestigationSerializer})
    @action(detail=True, methods=["post"])
    def removed(self, request, pk=None):
        """A supervisor records that the content, which socialgov did not publish, was removed from public view
        (`how`, `removed_at`): the removal investigation opens (3xx.5; issue 16.6). 409 for a post socialgov
        published, or once recorded."""
        report = self.get_object()
        permissions.require(
            request.user,
            "record_outside_removal",
            report,
            f"Only a supervisor records a removal ({report.department.cite('prohibited')}).",
        )
        data = validated(OutsideRemovalSerializer, request)
        investigation = services.record_outside_removal(by=request.user, report=report, **data)
        return Response(
            InvestigationSerializer(investigation, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class CommentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Public comments captured from the department's pages (3xx.7; general policy IV.A.7). Members authorized
    for the account, supervisors and the records custodian capture them; a supervisor or the chief records a
    hide or delete on the platform under the comment-moderation notice (IV.A.9). Capturing a platform comment
    already captured adds nothing and answers 200 with the record kept."""

    serializer_class = CapturedCommentSerializer

    def get_queryset(self):
        queryset = permissions.visible(self.request.user, CapturedComment.objects.all())
        if self.action == "list" and (account := record_id(self.request.query_params, "account")) is not None:
            queryset = queryset.filter(account_id=account)
        return queryset.order_by("-posted_at", "-id")

    @extend_schema(responses={201: CapturedCommentSerializer, 200: CapturedCommentSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        comment, created = comments.capture_comment(
            by=request.user,
            account=data["account"],
            post=data.get("post"),
            platform_comment_id=data["platform_comment_id"],
            author_name=data["author_name"],
            text=data["text"],
            posted_at=data["posted_at"],
        )
        return Response(
            self.get_serializer(comment).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(request=ModerateCommentSerializer, responses=CapturedCommentSerializer)
    @action(detail=True, methods=["post"])
    def moderate(self, request, pk=None):
        comment = self.get_object()
        data = validated(ModerateCommentSerializer, request)
        return Response(
            self.get_serializer(
                comments.moderate_comment(by=request.user, comment=comment, state=data["state"], reason=data["reason"])
            ).data
        )
