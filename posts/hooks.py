"""Where the apps above posts plug into the post lifecycle (STYLE.md §10; docs/architecture.md).

posts/ owns drafts, revisions, publication and removal; approvals/ (above it) owns the decisions. posts never
imports approvals: approvals registers here, in its AppConfig.ready(), what posts must ask it.

- `approved_revision`: which revision of a post was approved, and its SHA-256, so that publishing sends exactly
  that text, byte for byte (DESIGN.md "The post lifecycle"). With nothing registered, nothing is approved:
  publishing fails closed.
- `on_edited_after_approval`: an edit after approval voids the approval (called in the edit's transaction).
"""

_approved_revision = []
_edited_after_approval = []


def approved_revision_source(function):
    """Register `function(post) -> (revision_id, sha256) | None`; a decorator."""
    if function not in _approved_revision:
        _approved_revision.append(function)
    return function


def on_edited_after_approval(function):
    """Register `function(post, by)`, called when an approved or scheduled post is edited; a decorator."""
    if function not in _edited_after_approval:
        _edited_after_approval.append(function)
    return function


def approved_revision(post) -> tuple[int, str] | None:
    """The (revision id, SHA-256) every registered source agrees was approved, or None."""
    answers = {source(post) for source in _approved_revision}
    if len(answers) != 1:
        return None
    return answers.pop()


def edited_after_approval(post, by) -> None:
    for function in _edited_after_approval:
        function(post, by)


# -- covert accounts (general policy IV.E; issue 16.1) ---------------------------------------------------------
# operations/ (above posts) owns undercover operations: a covert account belongs to one and is used only while
# it is open, and everything about it is seen only by those assigned to it. operations registers here, in its
# AppConfig.ready(), what posts asks.
_covert_usable = []
_covert_access = []


def covert_usable_source(function):
    """Register `function(account) -> str` (empty: the covert account may be used now; else why not)."""
    if function not in _covert_usable:
        _covert_usable.append(function)
    return function


def covert_access_source(function):
    """Register `function(member) -> (governed, seen)`: querysets of the pks of the covert accounts an operation
    governs, and of those of them the member is assigned to (or may see as the chief or the custodian)."""
    if function not in _covert_access:
        _covert_access.append(function)
    return function


def covert_unusable_reason(account) -> str:
    """Why a covert account may not be used now; empty if it may. Fails closed: with no source, none may."""
    if not _covert_usable:
        return "No undercover operation governs this covert account (general policy IV.E)."
    for function in _covert_usable:
        if reason := function(account):
            return reason
    return ""


def covert_access(member):
    """(governed, seen) from the registered source, or None when none is registered."""
    return _covert_access[0](member) if _covert_access else None
