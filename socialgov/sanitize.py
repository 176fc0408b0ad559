"""The one way user-supplied HTML is let through: nh3 (a maintained sanitiser, Rust's ammonia).

Every page escapes user text (Django's autoescaping; tests/security/test_xss.py). No feature
accepts HTML today; one that does must render it with the `sanitized` filter
(socialgov.templatetags.sanitize), never `|safe`, and tests/security/test_templates.py refuses any
other way of marking text safe.
"""

import nh3

TAGS = {"a", "b", "strong", "i", "em", "p", "br", "ul", "ol", "li", "blockquote"}
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(text: str) -> str:
    """HTML reduced to a few formatting tags and links; scripts, handlers, styles and javascript: URLs go."""
    return nh3.clean(
        text or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
