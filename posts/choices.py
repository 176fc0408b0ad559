import regex
from django.db import models


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    INSTAGRAM = "instagram", "Instagram"
    NEXTDOOR = "nextdoor", "Nextdoor"
    YOUTUBE = "youtube", "YouTube"
    TIKTOK = "tiktok", "TikTok"
    LINKEDIN = "linkedin", "LinkedIn"
    BLUESKY = "bluesky", "Bluesky"
    WEBSITE = "website", "Department website"
    OTHER = "other", "Other"


class AccountKind(models.TextChoices):
    PUBLIC = "public", "Public"
    COVERT = "covert", "Covert (general policy IV.E)"


# The most characters each platform accepts in one post, for the editor's live count.
CHARACTER_LIMITS = {
    Platform.FACEBOOK: 63206,
    Platform.X: 280,
    Platform.INSTAGRAM: 2200,
    Platform.NEXTDOOR: 8192,
    Platform.YOUTUBE: 5000,
    Platform.TIKTOK: 2200,
    Platform.LINKEDIN: 3000,
    Platform.BLUESKY: 300,  # graphemes, not characters (text_length)
    Platform.WEBSITE: 100000,
    Platform.OTHER: 100000,
}


class Channel(models.TextChoices):
    """How a post reaches the platform (posts/channels/)."""

    MANUAL = "manual", "By hand (the PIO records the URL)"
    WEBHOOK = "webhook", "Signed webhook"
    BLUESKY = "bluesky", "Bluesky (connected account)"


# Platforms whose channel publishes images itself, each with its alt text (required for them, for readers who
# cannot see the image).
ALT_TEXT_PLATFORMS = {Platform.BLUESKY}

# Platforms that count a post's length in grapheme clusters (what a reader sees as one character: an emoji
# with its modifiers, a letter with its accents), not in code points.
GRAPHEME_PLATFORMS = {Platform.BLUESKY}


def text_length(platform: str, text: str) -> int:
    """The length of `text` as the platform counts it against its limit."""
    if platform in GRAPHEME_PLATFORMS:
        return len(regex.findall(r"\X", text))
    return len(text)


class PostStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING = "pending", "Pending approval"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    SCHEDULED = "scheduled", "Scheduled"
    # Claimed by the beat job when its time came (STYLE.md §5): the publishing tasks are under way, and a second
    # tick of the beat finds nothing to hand out again.
    PUBLISHING = "publishing", "Publishing"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    REMOVED = "removed", "Removed from public view"

    @classmethod
    def editable(cls):
        return [cls.DRAFT, cls.CHANGES_REQUESTED, cls.APPROVED, cls.SCHEDULED]

    @classmethod
    def open(cls):
        return [cls.DRAFT, cls.PENDING, cls.CHANGES_REQUESTED, cls.APPROVED, cls.SCHEDULED, cls.PUBLISHING]

    @classmethod
    def public(cls):
        """Statuses of posts that have been before the public."""
        return [cls.PUBLISHED, cls.REMOVED]


class IncidentStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class RemovalState(models.TextChoices):
    LIVE = "live", "Live"
    PENDING = "pending", "Removal pending"
    REMOVED = "removed", "Removed"


class ReportSource(models.TextChoices):
    MEMBER = "member", "A member"
    # Capture found content on a connected account that was never approved here, or a deletion made outside
    # socialgov (3xx.5(g); platforms.capture).
    CAPTURE = "capture", "Capture of the account"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


# The page checklist of general policy IV.A and §3xx.5.1, in the order of the pack's page_requirements.
CHECKLIST_FIELDS = [
    "public_posting_disabled",
    "introductory_statement",
    "official_website_link",
    "contact_information",
    "visitor_opinion_disclaimer",
    "comment_moderation_notice",
    "public_disclosure_notice",
]


class CommentState(models.TextChoices):
    """Where a captured public comment stands on the platform (general policy IV.A.9: the department
    monitors comments and may remove any posting; what it hides or deletes is still kept)."""

    SHOWN = "shown", "Shown"
    HIDDEN = "hidden", "Hidden on the platform"
    DELETED = "deleted", "Deleted on the platform"

    @classmethod
    def moderated(cls):
        return [cls.HIDDEN, cls.DELETED]
