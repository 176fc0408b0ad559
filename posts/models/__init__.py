from .accounts import SocialAccount, SocialAccountQuerySet
from .comments import CapturedComment, comment_sha256
from .incidents import Incident
from .posts import MediaAttachment, Post, PostRevision, Publication, content_sha256
from .removals import ContentReport, RemovalInvestigation

__all__ = [
    "CapturedComment",
    "ContentReport",
    "Incident",
    "MediaAttachment",
    "Post",
    "PostRevision",
    "Publication",
    "RemovalInvestigation",
    "SocialAccount",
    "SocialAccountQuerySet",
    "comment_sha256",
    "content_sha256",
]
