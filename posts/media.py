"""Media attachments: checked by their content, not their name, and stored under their SHA-256
with the uploader's attestation of the right to publish them (general policy IV.B)."""

import hashlib

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from audits.models import AuditEvent

from .models import MediaAttachment

# What the platforms take, identified from the file's own bytes.
ALLOWED_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
}


def max_upload_bytes() -> int:
    return getattr(settings, "MEDIA_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)


@transaction.atomic
def upload_media(*, by, upload, rights_attested: bool, credit: str = "", alt_text: str = "") -> MediaAttachment:
    """Store an image or video for the department's posts."""
    errors: dict[str, list[str]] = {}
    if not rights_attested:
        errors["rights_attested"] = [
            "Attest that the department has the right to publish this file (general policy IV.B: copyright)."
        ]
    limit = max_upload_bytes()
    if upload.size > limit:
        errors["file"] = [f"The file is {upload.size:,} bytes; the limit is {limit:,}."]
    content = b""
    if "file" not in errors:
        content = upload.read()
        kind = filetype.guess(content)
        if kind is None or kind.mime not in ALLOWED_TYPES:
            errors["file"] = [
                "Upload a JPEG, PNG, GIF or WebP image, or an MP4 or QuickTime video; "
                "the file's content is not one of them."
            ]
    if len(alt_text or "") > 2000:
        errors["alt_text"] = ["At most 2,000 characters."]
    if errors:
        raise ValidationError(errors)
    digest = hashlib.sha256(content).hexdigest()
    media = MediaAttachment(
        department=by.department,
        original_name=(upload.name or "upload")[:255],
        content_type=kind.mime,
        size=len(content),
        sha256=digest,
        rights_attested=True,
        credit=(credit or "").strip()[:300],
        alt_text=(alt_text or "").strip(),
        uploaded_by=by,
    )
    media.file.save(f"{digest}.{ALLOWED_TYPES[kind.mime]}", ContentFile(content), save=False)
    media.save()
    AuditEvent.record(
        actor=by,
        action="posts.media.upload",
        target=media,
        after={
            "sha256": digest,
            "content_type": kind.mime,
            "size": len(content),
            "credit": media.credit,
            "alt_text": media.alt_text,
            "rights_attested": True,
        },
    )
    return media


def with_credits(body: str, media) -> str:
    """The text a channel publishes: the approved body, then the credit line of the media that carry one
    (general policy IV.B). The length check at drafting counts this same text."""
    credits = [m.credit for m in media if m.credit]
    return f"{body}\n\n{'Credit: ' + '; '.join(credits)}" if credits else body
