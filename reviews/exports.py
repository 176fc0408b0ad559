"""The annual review as a PDF (reportlab, with the charts drawn in) and as CSV (3xx.6).

Both lay out the figures `services.report_of` gives (frozen at submission, or compiled for a draft):
neither computes anything of its own.
"""

import io
from xml.sax.saxutils import escape

from django.http import HttpResponse
from reportlab.graphics import renderPDF
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from socialgov.cells import CsvWriter

from .charts import charts

MARGIN = 0.75 * inch


def _hours(value) -> str:
    return "—" if value is None else f"{value:g} h"


def _n(value) -> str:
    return "—" if value is None else f"{value:,}"


class ChartFlowable(Flowable):
    """A chart drawn once into a PDF form XObject named for it ("chart-posts-per-month"), then placed on the page."""

    def __init__(self, chart, width: float):
        super().__init__()
        self.chart = chart
        self.scale = min(1.0, width / chart.drawing.width)
        self.width = chart.drawing.width * self.scale
        self.height = chart.drawing.height * self.scale

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        name = f"chart-{self.chart.name}"
        if not canvas.hasForm(name):
            canvas.beginForm(
                name, lowerx=0, lowery=0, upperx=self.chart.drawing.width, uppery=self.chart.drawing.height
            )
            renderPDF.draw(self.chart.drawing, canvas, 0, 0)
            canvas.endForm()
        canvas.saveState()
        canvas.scale(self.scale, self.scale)
        canvas.doForm(name)
        canvas.restoreState()


def _styles():
    sheet = getSampleStyleSheet()
    return {
        "title": sheet["Title"],
        "h2": ParagraphStyle("h2", parent=sheet["Heading2"], spaceBefore=12),
        "h3": sheet["Heading3"],
        "body": sheet["BodyText"],
        "small": ParagraphStyle("small", parent=sheet["BodyText"], fontSize=8, leading=10),
        "alert": ParagraphStyle("alert", parent=sheet["BodyText"], textColor=colors.HexColor("#a4161a")),
    }


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _table(header: list[str], rows: list[list], styles, widths=None) -> Table:
    data = [[_p(cell, styles["small"]) for cell in header]] + [
        [_p(cell, styles["small"]) for cell in row] for row in rows
    ]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf0")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c9d1d9")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _or_none(rows, table, styles):
    return table if rows else _p("None.", styles["body"])


def pdf(review, figures: dict) -> bytes:
    styles = _styles()
    out = io.BytesIO()
    department = figures["department"]
    period = figures["period"]
    document = SimpleDocTemplate(
        out,
        pagesize=letter,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{department['name']}: annual review of social media use, {period['start']} to {period['end']}",
        author=review.reviewer.display_name,
        subject=f"Policy {department['policy_number']} {department['section']}",
    )
    width = letter[0] - 2 * MARGIN
    story = [
        _p(f"{department['name']}", styles["title"]),
        _p(
            f"Annual review of the department's use of social media ({department['section']}, "
            f"Policy {department['policy_number']} “{department['policy_title']}”)",
            styles["h3"],
        ),
        _p(f"Period: {period['start']} to {period['end']}", styles["body"]),
        _p(
            f"Reviewer: {review.reviewer.display_name}. Due to the chief: {review.due_on.isoformat()}. "
            f"Status: {review.get_status_display()}.",
            styles["body"],
        ),
        _p(
            f"Figures compiled {figures['compiled_at']}"
            + (
                f"; frozen at submission (SHA-256 {review.figures_sha256[:16]}…)."
                if review.figures_sha256
                else "; a draft, compiled afresh each time it is opened."
            ),
            styles["small"],
        ),
    ]
    summary = figures["summary"]
    story += [
        _p("Summary", styles["h2"]),
        _table(
            ["Measure", "Value"],
            [
                ["Accounts", summary["accounts"]],
                ["Authorized members", summary["authorized_members"]],
                ["Posts published", summary["posts_published"]],
                ["Screening flags", summary["flags"]],
                ["Flag overrides", summary["overrides"]],
                ["Content reports", summary["content_reports"]],
                ["Removals", summary["removals"]],
                ["Unresolved issues", summary["unresolved"]],
            ],
            styles,
            [3 * inch, 1.5 * inch],
        ),
    ]
    if figures["content"]["unresolved"]:
        story.append(Spacer(0, 6))
        story += [_p("Unresolved: " + item["text"], styles["alert"]) for item in figures["content"]["unresolved"]]
    story += [
        _p("Findings", styles["h2"]),
        _p(review.findings or "Not yet written.", styles["body"]),
        _p("Recommendations", styles["h2"]),
        _p(review.recommendations or "Not yet written.", styles["body"]),
    ]
    if review.chief_note:
        story += [_p("The chief's note", styles["h2"]), _p(review.chief_note, styles["body"])]

    drawn = {chart.name: chart for chart in charts(figures)}
    resources = figures["resources"]
    story += [
        _p("Resources used", styles["h2"]),
        _p("Accounts", styles["h3"]),
        _or_none(
            resources["accounts"],
            _table(
                ["Account", "Approved", "Approved by", "Posts", "Checklist missing"],
                [
                    [
                        f"{a['platform_label']} {a['handle']}",
                        a["approved_on"] or "not approved",
                        a["approved_by"],
                        a["posts"],
                        "; ".join(a["checklist_missing"]) or "complete",
                    ]
                    for a in resources["accounts"]
                ],
                styles,
                [1.6 * inch, 0.9 * inch, 1.2 * inch, 0.5 * inch, 2.8 * inch],
            ),
            styles,
        ),
    ]
    story += [
        _p("Authorized members and their training", styles["h3"]),
        _or_none(
            resources["authorized_members"],
            _table(
                ["Member", "Authorizations", "Training at the end of the period"],
                [
                    [
                        m["member"],
                        "\n".join(
                            f"#{a['id']} {', '.join(a['accounts'])}: {a['starts_on']} to {a['expires_on']}"
                            + (f" (revoked {a['revoked_on']})" if a["revoked_on"] else "")
                            for a in m["authorizations"]
                        ),
                        "\n".join(
                            f"{t['label']}: "
                            + (f"completed {t['completed_on']}" if t["completed_on"] else "none")
                            + ("" if t["current_at_end"] else " (NOT CURRENT)")
                            for t in m["training"]
                        ),
                    ]
                    for m in resources["authorized_members"]
                ],
                styles,
                [1.4 * inch, 2.6 * inch, 3 * inch],
            ),
            styles,
        ),
    ]
    posts = resources["posts"]
    story += [
        _p(f"Posts published: {posts['total']}", styles["h3"]),
        KeepTogether([ChartFlowable(drawn["posts-per-month"], width)]),
        _table(
            ["Category", "Posts"],
            [[c["label"], c["count"]] for c in posts["by_category"]],
            styles,
            [4 * inch, 1 * inch],
        ),
        Spacer(0, 6),
        _table(
            ["Account", "Posts"],
            [[a["account"], a["count"]] for a in posts["by_account"]],
            styles,
            [4 * inch, 1 * inch],
        ),
    ]
    approvals = resources["approvals"]
    story += [
        _p("Approval turnaround", styles["h3"]),
        _table(
            ["Measure", "Value"],
            [
                ["Decisions", approvals["decisions"]],
                ["Approved", approvals["approved"]],
                ["Changes requested", approvals["changes_requested"]],
                ["Rejected", approvals["rejected"]],
                ["Median", _hours(approvals["median_hours"])],
                ["Mean", _hours(approvals["mean_hours"])],
                ["Longest", _hours(approvals["max_hours"])],
                [f"Longer than the limit of {approvals['limit_hours']} h", approvals["over_limit"]],
            ],
            styles,
            [3 * inch, 1.5 * inch],
        ),
    ]

    effectiveness = figures["effectiveness"]
    totals = effectiveness["totals"]
    story += [
        _p("Effectiveness of the content", styles["h2"]),
        _p(
            f"Engagement imported for {effectiveness['posts_with_engagement']} of the period's posts "
            f"({effectiveness['posts_without_engagement']} without). Totals: {_n(totals['impressions'])} "
            f"impressions, {_n(totals['reactions'])} reactions, {_n(totals['shares'])} shares, "
            f"{_n(totals['comments'])} comments, {_n(totals['clicks'])} clicks.",
            styles["body"],
        ),
        KeepTogether([ChartFlowable(drawn["engagement-by-category"], width)]),
    ]
    engagement_header = ["Post", "Category", "Published", "Impressions", "Engagements", "Text"]

    def engagement_rows(rows):
        return [
            [
                f"#{p['post_id']}",
                p["category_label"],
                p["published_on"],
                _n(p["impressions"]),
                _n(p["engagements"]),
                p["excerpt"],
            ]
            for p in rows
        ]

    widths = [0.5 * inch, 1.2 * inch, 0.8 * inch, 0.8 * inch, 0.8 * inch, 2.9 * inch]
    story += [
        _p("Top posts", styles["h3"]),
        _or_none(
            effectiveness["top"],
            _table(engagement_header, engagement_rows(effectiveness["top"]), styles, widths),
            styles,
        ),
        _p("Bottom posts", styles["h3"]),
        _or_none(
            effectiveness["bottom"],
            _table(engagement_header, engagement_rows(effectiveness["bottom"]), styles, widths),
            styles,
        ),
    ]

    content = figures["content"]
    story += [
        _p("Unauthorized or inappropriate content", styles["h2"]),
        _p(f"Screening flags: {content['flags']['total']}", styles["h3"]),
        KeepTogether([ChartFlowable(drawn["flags-by-code"], width)]),
        _p("Overrides and their justifications", styles["h3"]),
        _or_none(
            content["overrides"],
            _table(
                ["Post", "Code", "Justification", "By", "On"],
                [
                    [f"#{o['post_id']}", f"{o['label']} ({o['citation']})", o["justification"], o["by"], o["on"]]
                    for o in content["overrides"]
                ],
                styles,
                [0.5 * inch, 1.4 * inch, 3.1 * inch, 1.2 * inch, 0.8 * inch],
            ),
            styles,
        ),
        _p("Content reports", styles["h3"]),
        _or_none(
            content["reports"],
            _table(
                ["Report", "Reported", "What was wrong", "Status", "Action taken"],
                [
                    [
                        f"#{r['id']}",
                        r["reported_on"],
                        r["description"],
                        "OPEN" if r["open"] else f"closed {r['closed_on']}",
                        r["action_taken"],
                    ]
                    for r in content["reports"]
                ],
                styles,
                [0.5 * inch, 0.8 * inch, 2.5 * inch, 1 * inch, 2.2 * inch],
            ),
            styles,
        ),
        _p("Removals and their investigations", styles["h3"]),
        _or_none(
            content["removals"],
            _table(
                ["Post", "Removed", "Reason", "Cause and resolution", "Status"],
                [
                    [
                        f"#{r['post_id']}",
                        f"{r['removed_on']} by {r['removed_by']}",
                        r["reason"],
                        f"{r['cause']}\n{r['resolution']}".strip(),
                        "OPEN" if r["open"] else f"resolved {r['resolved_on']}",
                    ]
                    for r in content["removals"]
                ],
                styles,
                [0.5 * inch, 1.2 * inch, 1.9 * inch, 2.4 * inch, 1 * inch],
            ),
            styles,
        ),
    ]

    compliance = figures["compliance"]
    story += [
        _p("Compliance", styles["h2"]),
        _p("Accounts whose page checklist is incomplete", styles["h3"]),
        _or_none(
            compliance["accounts_checklist_incomplete"],
            _table(
                ["Account", "Missing"],
                [[a["account"], "; ".join(a["missing"])] for a in compliance["accounts_checklist_incomplete"]],
                styles,
                [2 * inch, 5 * inch],
            ),
            styles,
        ),
        _p("Authorizations granted without current training (there should be none)", styles["h3"]),
        _or_none(
            compliance["authorizations_without_training"],
            _table(
                ["Authorization", "Member", "Granted", "Training missing"],
                [
                    [f"#{a['authorization_id']}", a["member"], a["granted_on"], "; ".join(a["missing"])]
                    for a in compliance["authorizations_without_training"]
                ],
                styles,
            ),
            styles,
        ),
        _p("Training that expired in the period", styles["h3"]),
        _or_none(
            compliance["expired_training"],
            _table(
                ["Member", "Topic", "Expired", "Renewed"],
                [
                    [t["member"], t["topic"], t["expired_on"], t["renewed_on"] or "not renewed"]
                    for t in compliance["expired_training"]
                ],
                styles,
            ),
            styles,
        ),
    ]
    covert = figures["covert"]
    if covert["accounts"]:
        story.append(
            _p(
                f"Covert accounts (general policy IV.E): {covert['accounts']}, with "
                f"{covert['posts_published']} posts in the period; their detail is left out of this report.",
                styles["small"],
            )
        )
    document.build(story)
    return out.getvalue()


def csv_text(review, figures: dict) -> str:
    """The report as CSV: one block per table, each with its own header row, blocks apart by a blank line."""
    out = io.StringIO()
    # socialgov.cells: members' text (posts, reports) never opens as a formula.
    writer = CsvWriter(out)
    department, period = figures["department"], figures["period"]

    def block(title, header, rows):
        writer.writerow([title])
        writer.writerow(header)
        writer.writerows(rows)
        writer.writerow([])

    block(
        "Annual review",
        ["Field", "Value"],
        [
            ["Department", department["name"]],
            ["Policy", f"{department['policy_number']} {department['section']}"],
            ["Period start", period["start"]],
            ["Period end", period["end"]],
            ["Reviewer", review.reviewer.display_name],
            ["Due", review.due_on.isoformat()],
            ["Status", review.get_status_display()],
            ["Compiled", figures["compiled_at"]],
            ["Figures SHA-256", review.figures_sha256],
            ["Findings", review.findings],
            ["Recommendations", review.recommendations],
            ["Chief's note", review.chief_note],
        ],
    )
    block(
        "Summary", ["Measure", "Value"], [[key.replace("_", " "), value] for key, value in figures["summary"].items()]
    )
    resources = figures["resources"]
    block(
        "Accounts",
        ["Account ID", "Platform", "Handle", "Approved on", "Approved by", "Posts", "Checklist missing"],
        [
            [
                a["id"],
                a["platform_label"],
                a["handle"],
                a["approved_on"] or "",
                a["approved_by"],
                a["posts"],
                "; ".join(a["checklist_missing"]),
            ]
            for a in resources["accounts"]
        ],
    )
    block(
        "Authorized members",
        ["Member", "Authorization", "Accounts", "Starts", "Expires", "Revoked"],
        [
            [m["member"], a["id"], "; ".join(a["accounts"]), a["starts_on"], a["expires_on"], a["revoked_on"] or ""]
            for m in resources["authorized_members"]
            for a in m["authorizations"]
        ],
    )
    block(
        "Training of authorized members",
        ["Member", "Topic", "Completed", "Expires", "Current at period end"],
        [
            [
                m["member"],
                t["label"],
                t["completed_on"] or "",
                t["expires_on"] or "",
                "yes" if t["current_at_end"] else "no",
            ]
            for m in resources["authorized_members"]
            for t in m["training"]
        ],
    )
    block("Posts per month", ["Month", "Posts"], [[m["month"], m["count"]] for m in resources["posts"]["by_month"]])
    block(
        "Posts per category",
        ["Category", "Posts"],
        [[c["label"], c["count"]] for c in resources["posts"]["by_category"]],
    )
    block(
        "Posts per account",
        ["Account", "Posts"],
        [[a["account"], a["count"]] for a in resources["posts"]["by_account"]],
    )
    block(
        "Approval turnaround",
        ["Measure", "Value"],
        [[key.replace("_", " "), "" if value is None else value] for key, value in resources["approvals"].items()],
    )
    effectiveness = figures["effectiveness"]
    block(
        "Engagement per post",
        [
            "Post",
            "Category",
            "Published",
            "Impressions",
            "Reactions",
            "Shares",
            "Comments",
            "Clicks",
            "Engagements",
            "Text",
        ],
        [
            [
                p["post_id"],
                p["category_label"],
                p["published_on"],
                p["impressions"],
                p["reactions"],
                p["shares"],
                p["comments"],
                "" if p["clicks"] is None else p["clicks"],
                p["engagements"],
                p["excerpt"],
            ]
            for p in effectiveness["posts"]
        ],
    )
    block(
        "Engagement by category",
        ["Category", "Posts", "Impressions", "Engagements", "Average engagements"],
        [
            [c["label"], c["posts"], c["impressions"], c["engagements"], c["average_engagements"]]
            for c in effectiveness["by_category"]
        ],
    )
    content = figures["content"]
    block(
        "Flags by code",
        ["Code", "Flags", "Blocking", "Warnings", "Overridden", "Withdrawn"],
        [
            [c["code"], c["count"], c["blocking"], c["warnings"], c["overridden"], c["withdrawn"]]
            for c in content["flags"]["by_code"]
        ],
    )
    block(
        "Overrides",
        ["Post", "Code", "Citation", "Justification", "By", "On"],
        [[o["post_id"], o["code"], o["citation"], o["justification"], o["by"], o["on"]] for o in content["overrides"]],
    )
    block(
        "Content reports",
        ["Report", "Post", "URL", "Reported", "Description", "Status", "Action taken", "Closed"],
        [
            [
                r["id"],
                r["post_id"] or "",
                r["url"],
                r["reported_on"],
                r["description"],
                r["status"],
                r["action_taken"],
                r["closed_on"] or "",
            ]
            for r in content["reports"]
        ],
    )
    block(
        "Removals",
        ["Post", "Investigation", "Removed", "Removed by", "Reason", "Cause", "Findings", "Resolution", "Resolved"],
        [
            [
                r["post_id"],
                r["investigation_id"],
                r["removed_on"],
                r["removed_by"],
                r["reason"],
                r["cause"],
                r["findings"],
                r["resolution"],
                r["resolved_on"] or "OPEN",
            ]
            for r in content["removals"]
        ],
    )
    compliance = figures["compliance"]
    block(
        "Accounts with an incomplete checklist",
        ["Account", "Missing"],
        [[a["account"], "; ".join(a["missing"])] for a in compliance["accounts_checklist_incomplete"]],
    )
    block(
        "Authorizations granted without current training",
        ["Authorization", "Member", "Granted", "Missing"],
        [
            [a["authorization_id"], a["member"], a["granted_on"], "; ".join(a["missing"])]
            for a in compliance["authorizations_without_training"]
        ],
    )
    block(
        "Training expired in the period",
        ["Member", "Topic", "Expired", "Renewed"],
        [[t["member"], t["topic"], t["expired_on"], t["renewed_on"] or ""] for t in compliance["expired_training"]],
    )
    return out.getvalue()


KINDS = {
    "pdf": (pdf, "application/pdf"),
    "csv": (lambda review, figures: csv_text(review, figures).encode(), "text/csv; charset=utf-8"),
}


def download(review, figures: dict, kind: str) -> HttpResponse:
    """The report as a file to save: `kind` is "pdf" or "csv"."""
    render, content_type = KINDS[kind]
    response = HttpResponse(render(review, figures), content_type=content_type)
    name = f"annual-review-{review.department.slug}-{review.period_start}-{review.period_end}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
