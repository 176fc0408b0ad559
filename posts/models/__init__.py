from .accounts import SocialAccount, SocialAccountQuerySet
from .incidents import Incident
from .posts import MediaAttachment, Post, PostRevision, Publication, content_sha256
from .removals import ContentReport, RemovalInvestigation

__all__ = [
    "ContentReport",
    "Incident",
    "MediaAttachment",
    "Post",
    "PostRevision",
    "Publication",
    "RemovalInvestigation",
    "SocialAccount",
    "SocialAccountQuerySet",
    "content_sha256",
]
