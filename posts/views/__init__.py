"""Browser pages for accounts, posts, incidents, removals and reports (issue 3, "Browser")."""

from .accounts import account_approve, account_create, account_detail, account_list
from .comments import comment_detail, comment_import, comment_list
from .incidents import incident_close, incident_create, incident_detail, incident_list
from .oversight import (
    investigation_detail,
    investigation_list,
    report_create,
    report_detail,
    report_list,
    report_removed,
)
from .posts import (
    confirm_removal,
    my_drafts,
    post_create,
    post_detail,
    post_diff,
    post_edit,
    post_list,
    post_publish,
    post_remove,
    queue,
)

__all__ = [
    "account_approve",
    "account_create",
    "account_detail",
    "account_list",
    "comment_detail",
    "comment_import",
    "comment_list",
    "confirm_removal",
    "incident_close",
    "incident_create",
    "incident_detail",
    "incident_list",
    "investigation_detail",
    "investigation_list",
    "my_drafts",
    "post_create",
    "post_detail",
    "post_diff",
    "post_edit",
    "post_list",
    "post_publish",
    "post_remove",
    "queue",
    "report_create",
    "report_detail",
    "report_list",
    "report_removed",
]
