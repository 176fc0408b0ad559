"""The screening records of the security tests' world (tests/security/world.py)."""


def build(w) -> None:
    """Add to `w` (Oakley) every screening record the matrix rows name."""


def build_other(w, other) -> None:
    """Add to `other` (Azusa) one record of each of those kinds."""


def fill_with_payload(w, text: str) -> None:
    """Store `text` in every screening text field a page shows (the XSS test)."""
