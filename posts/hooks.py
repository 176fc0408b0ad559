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
