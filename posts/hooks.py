"""Where the apps above posts plug into the post lifecycle (STYLE.md §10; docs/architecture.md).

posts/ owns drafts, revisions, publication and removal; approvals/ (above it) owns the decisions. posts never
imports approvals: approvals registers here, in its AppConfig.ready(), what posts must ask it.

- `approved_revision`: which revision of a post was approved, and its SHA-256, so that publishing sends exactly
  that text, byte for byte (DESIGN.md "The post lifecycle"). With nothing registered, nothing is approved:
  publishing fails closed.
- `on_edited_after_approval`: an edit after approval voids the approval (called in the edit's transaction).
- covert accounts: operations answers whether one may be used and who sees it.
- posts' pages and API: screening adds its findings, approvals its decisions and who must make them.
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


# -- posts' pages and API, with what the apps above know (issue 11) ---------------------------------------------
# The post page, the editor, the post lists and GET /api/v1/posts/ show the screener's findings (screening) and the
# decisions and who must make them (approvals). Both sit above posts and register their parts here in their
# AppConfig.ready(); posts draws the page and never imports them. With nothing registered a page shows no findings
# and no decision controls (and the services refuse the decisions themselves).
_post_page = []
_editor_page = []
_list_queries = []
_list_labels = []
_api_fields = {}


def post_page_part(function):
    """Register `function(request, post, context, forms) -> dict`, merged into the post page's context in
    registration order (`context` holds what posts and the earlier parts put there; `forms` the failed forms)."""
    if function not in _post_page:
        _post_page.append(function)
    return function


def editor_part(function):
    """Register `function(request, form) -> dict`, merged into the draft editor's context."""
    if function not in _editor_page:
        _editor_page.append(function)
    return function


def list_query(function):
    """Register `function(queryset) -> queryset`: what a list of posts annotates (the findings' counts)."""
    if function not in _list_queries:
        _list_queries.append(function)
    return function


def list_labels(function):
    """Register `function(member, posts, *, decisions=False)`: labels each post of a list shown to `member` (who
    must approve it; with `decisions`, whether the member may decide it now), after the list is fetched."""
    if function not in _list_labels:
        _list_labels.append(function)
    return function


def api_field(name: str, make, *, load, fast):
    """Register a read-only field `name` of PostSerializer: `make()` returns the serializer field; `load(posts)`,
    run over every page or detail of posts.api.views.detailed_posts once fetched, reads what the field shows of
    those posts in one query and sets it on them; `fast(post)`, the field's value from what `load` set, without a
    query (PostSerializer.to_representation's fast path, issue 18.2)."""
    _api_fields[name] = (make, load, fast)


def post_page(request, post, context: dict, forms: dict) -> dict:
    for function in _post_page:
        context.update(function(request, post, context, forms))
    return context


def editor_page(request, form) -> dict:
    context = {}
    for function in _editor_page:
        context.update(function(request, form))
    return context


def for_lists(queryset):
    for function in _list_queries:
        queryset = function(queryset)
    return queryset


def label_list(member, posts, *, decisions: bool = False) -> None:
    for function in _list_labels:
        function(member, posts, decisions=decisions)


def api_fields() -> dict:
    return {name: make() for name, (make, _load, _fast) in _api_fields.items()}


def api_loaders() -> list:
    return [load for _make, load, _fast in _api_fields.values()]


def api_fast(post) -> dict:
    return {name: fast(post) for name, (_make, _load, fast) in _api_fields.items()}
