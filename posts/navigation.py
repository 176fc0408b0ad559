"""posts' pages in the main navigation (socialgov.navigation): the same doors its views ask."""

from socialgov.navigation import link

from . import permissions

link("Posts", "posts:list", order=20, sections=["posts:detail"])
link("My drafts", "posts:drafts", order=21, may_open=permissions.drafts)
# The queue is for everyone who may approve something, the chief included (3xx.3, 3xx.4.1).
link("Approval queue", "posts:queue", order=22, may_open=permissions.sees_queue)
link("Incidents", "posts:incidents", order=23, sections=["posts:incident"])
link("Reports", "posts:reports", order=25, sections=["posts:report"])
link(
    "Comments",
    "posts:comments",
    order=26,
    may_open=permissions.sees_comments,
    sections=["posts:comment", "posts:comment-import"],
)
link(
    "Investigations",
    "posts:investigations",
    order=27,
    may_open=permissions.sees_investigations,
    sections=["posts:investigation"],
)
link(
    "Accounts",
    "posts:accounts",
    order=29,
    sections=["posts:account"],
    may_open=lambda member: permissions.can(member, "edit_account"),
)
