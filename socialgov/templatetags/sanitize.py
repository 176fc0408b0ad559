"""`{% load sanitize %}{{ text|sanitized }}`: user HTML through nh3 (socialgov.sanitize), marked safe only after."""

from django import template
from django.utils.safestring import mark_safe

from socialgov.sanitize import clean_html

register = template.Library()


@register.filter
def sanitized(text) -> str:
    return mark_safe(clean_html(str(text or "")))  # noqa: S308 - nh3 has removed everything unsafe


@register.filter
def web_url(url) -> str:
    """A stored address as a link target only if it is http(s): a `javascript:` or `data:` URL that got
    past validation (an import, an old row) becomes a dead link, not a script."""
    url = str(url or "").strip()
    return url if url.lower().startswith(("https://", "http://")) else "#"
