"""Reading a platform's analytics export (CSV) into engagement per post (3xx.6: the effectiveness of the content).

Each platform names its columns its own way, and has renamed them over the years; MAPPINGS lists the
names each field goes by. A file is read whole and checked before anything is written: a file that
cannot be mapped, a number that is not a number, or a post given twice is refused with a message
naming the column or row (ImportRefused, a 400 over the API), and nothing is imported.

Rows are matched to the department's publications on accounts of that platform by the post's link or
its id (Publication.url, Publication.external_id). Rows about posts not published through socialgov
are skipped and listed; a file none of whose rows match is refused.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from audits.choices import EngagementPlatform
from posts.models import Publication

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000

# field -> the column names it goes by in each platform's export (compared without case or extra spaces).
MAPPINGS: dict[str, dict[str, list[str]]] = {
    # Meta Business Suite's and the older Page Insights' post exports.
    EngagementPlatform.FACEBOOK: {
        "id": ["Post ID"],
        "link": ["Permalink", "Post link"],
        "impressions": ["Impressions", "Views", "Lifetime Post Total Impressions"],
        "reactions": ["Reactions", "Lifetime Post Reactions"],
        "shares": ["Shares", "Lifetime Post Shares"],
        "comments": ["Comments", "Lifetime Post Comments"],
        "clicks": ["Total clicks", "Link clicks", "Lifetime Post Consumers"],
    },
    # X's post activity export (analytics.x.com), old ("Tweet ...") and new ("Post ...") names.
    EngagementPlatform.X: {
        "id": ["Tweet id", "Post id"],
        "link": ["Tweet permalink", "Post Link", "Post permalink"],
        "impressions": ["impressions"],
        "reactions": ["likes"],
        "shares": ["retweets", "Reposts"],
        "comments": ["replies"],
        "clicks": ["url clicks", "URL Clicks", "Link clicks"],
    },
    # Meta Business Suite's Instagram content export.
    EngagementPlatform.INSTAGRAM: {
        "id": ["Post ID", "Media ID"],
        "link": ["Permalink"],
        "impressions": ["Impressions", "Views"],
        "reactions": ["Likes"],
        "shares": ["Shares"],
        "comments": ["Comments"],
        "clicks": ["Link clicks", "Website clicks"],
    },
}
REQUIRED = ("impressions", "reactions", "shares", "comments")
NUMBERS = ("impressions", "reactions", "shares", "comments", "clicks")
LABELS = {
    "impressions": "impressions",
    "reactions": "reactions (likes)",
    "shares": "shares (reposts)",
    "comments": "comments (replies)",
    "clicks": "clicks",
    "id": "post id",
    "link": "post link",
}
# Platforms whose links may be written with another host (x.com was twitter.com).
HOST_ALIASES = {
    "twitter.com": "x.com",
    "mobile.twitter.com": "x.com",
    "m.facebook.com": "facebook.com",
    "web.facebook.com": "facebook.com",
}


class ImportRefused(ValueError):
    """The file cannot be imported; the message says why. Nothing was written."""


@dataclass
class Row:
    number: int
    publication: Publication
    impressions: int
    reactions: int
    shares: int
    comments: int
    clicks: int | None


@dataclass
class Plan:
    platform: str
    sha256: str
    rows: int
    matched: list[Row] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)


def _normal(name: str) -> str:
    return " ".join(str(name).replace("\ufeff", "").split()).casefold()


def _columns(header: list[str], platform: str) -> dict[str, int]:
    """field -> column index, for the fields of `platform` the header has."""
    positions = {_normal(name): index for index, name in enumerate(header)}
    found = {}
    for name, aliases in MAPPINGS[platform].items():
        for alias in aliases:
            if _normal(alias) in positions:
                found[name] = positions[_normal(alias)]
                break
    return found


def _fits(columns: dict[str, int]) -> bool:
    return all(name in columns for name in REQUIRED) and ("id" in columns or "link" in columns)


def _missing(columns: dict[str, int]) -> list[str]:
    missing = [LABELS[name] for name in REQUIRED if name not in columns]
    if "id" not in columns and "link" not in columns:
        missing.append("a post id or link")
    return missing


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    raise ImportRefused("The file is not text in UTF-8 or UTF-16: export the analytics as CSV and upload that file.")


def _read(data: bytes) -> list[list[str]]:
    if not data.strip():
        raise ImportRefused("The file is empty.")
    if len(data) > MAX_BYTES:
        raise ImportRefused(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; export a shorter period.")
    if data[:5] == b"%PDF-" or data[:2] == b"PK":
        raise ImportRefused(
            "The file is not a CSV file (it looks like a PDF or a spreadsheet): export the analytics as CSV."
        )
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [row for row in csv.reader(io.StringIO(text), dialect) if any(cell.strip() for cell in row)]
    except csv.Error as error:
        raise ImportRefused(f"The file is not valid CSV: {error}.") from None
    if not rows:  # nothing but a byte-order mark or Unicode blanks (b"\xef\xbb\xbf", b"\xc2\xa0")
        raise ImportRefused("The file is empty.")
    if len(rows) > MAX_ROWS + 2:
        raise ImportRefused(f"The file has more than {MAX_ROWS:,} rows; export a shorter period.")
    return rows


def detect(header: list[str], platform: str | None) -> tuple[str, dict[str, int]]:
    """The platform whose column names the header uses, and where each field is."""
    if platform:
        if platform not in MAPPINGS:
            raise ImportRefused(f"Unknown platform {platform!r}: choose one of {', '.join(MAPPINGS)}.")
        columns = _columns(header, platform)
        if not _fits(columns):
            raise ImportRefused(
                f"This is not a {EngagementPlatform(platform).label} analytics export this import can map: "
                f"no column for {', '.join(_missing(columns))}. The file's columns are: {_listing(header)}."
            )
        return platform, columns
    fitting = {name: _columns(header, name) for name in MAPPINGS}
    fitting = {name: columns for name, columns in fitting.items() if _fits(columns)}
    if len(fitting) == 1:
        return next(iter(fitting.items()))
    if len(fitting) > 1:
        names = " or ".join(EngagementPlatform(name).label for name in fitting)
        raise ImportRefused(f"The columns could be {names}: say which platform the export is from.")
    expected = "; ".join(
        f"{EngagementPlatform(name).label}: {', '.join(MAPPINGS[name][f][0] for f in ('id', *REQUIRED))}"
        for name in MAPPINGS
    )
    raise ImportRefused(
        f"The columns of this file match no platform's analytics export. The file's columns are: "
        f"{_listing(header)}. Expected, for example, {expected}."
    )


def _listing(header: list[str]) -> str:
    names = [name.strip() for name in header if name.strip()]
    shown = ", ".join(f"“{name}”" for name in names[:15])
    return shown + (f" and {len(names) - 15} more" if len(names) > 15 else "") if names else "none"


# The largest count stored (a 64-bit column); a larger number is a broken file, refused as any bad cell is.
LARGEST_COUNT = 2**63 - 1


def _number(value: str, *, row: int, column: str) -> int | None:
    text = value.strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
    if text in ("", "-", "--", "N/A", "n/a"):
        return None
    if re.fullmatch(r"[0-9]+(\.0+)?", text):
        number = int(text.split(".", 1)[0])  # not float(): exact past 2**53
        if number > LARGEST_COUNT:
            raise ImportRefused(
                f"Row {row}, column “{column}”: {value!r} is larger than any count a platform "
                f"reports (at most {LARGEST_COUNT:,}); check the file."
            )
        return number
    raise ImportRefused(f"Row {row}, column “{column}”: {value!r} is not a whole number of {column.lower()}.")


def _link_key(url: str) -> str | None:
    url = url.strip()
    if not url:
        return None
    parts = urlsplit(url if "//" in url else f"https://{url}")
    host = (parts.hostname or "").removeprefix("www.")
    host = HOST_ALIASES.get(host, host)
    path = parts.path.rstrip("/")
    return f"{host}{path}".casefold() if host and path else None


def _id_keys(value: str) -> set[str]:
    """An id as exports write it: Facebook's "<page id>_<post id>" also matches the post id alone."""
    value = value.strip()
    if not value:
        return set()
    keys = {value}
    if "_" in value:
        keys.add(value.rsplit("_", 1)[1])
    return keys


def _publication_keys(publication: Publication) -> set[str]:
    keys = set()
    if publication.external_id:
        keys |= {f"id:{key}" for key in _id_keys(publication.external_id)}
    if link := _link_key(publication.url or ""):
        keys.add(f"link:{link}")
        keys.add(f"id:{link.rsplit('/', 1)[-1]}")  # the id that ends a permalink (…/posts/<id>, …/status/<id>)
    return keys


def plan_import(*, department, data: bytes, platform: str | None = None) -> Plan:
    rows = _read(data)
    header, body = rows[0], rows[1:]
    platform, columns = detect(header, platform)
    names = {index: header[index].strip() for index in columns.values()}
    # Older Facebook exports put a row describing each column under the header.
    if body and all(not re.search(r"\d", _cell(body[0], columns[name])) for name in REQUIRED):
        body = body[1:]
        first = 3
    else:
        first = 2
    if not body:
        raise ImportRefused("The file has a header but no rows of posts.")
    publications = list(
        Publication.objects.filter(account__department=department, account__platform=platform).select_related("account")
    )
    index: dict[str, list[Publication]] = {}
    for publication in publications:
        for key in _publication_keys(publication):
            index.setdefault(key, []).append(publication)
    plan = Plan(platform=platform, sha256=hashlib.sha256(data).hexdigest(), rows=len(body))
    seen: dict[int, int] = {}
    for offset, row in enumerate(body):
        number = first + offset
        values = {
            name: _number(_cell(row, columns[name]), row=number, column=names[columns[name]])
            for name in NUMBERS
            if name in columns
        }
        for name in REQUIRED:
            if values.get(name) is None:
                values[name] = 0
        keys = set()
        if "id" in columns:
            keys |= {f"id:{key}" for key in _id_keys(_cell(row, columns["id"]))}
        if "link" in columns and (link := _link_key(_cell(row, columns["link"]))):
            keys.add(f"link:{link}")
        if not keys:
            raise ImportRefused(f"Row {number} gives neither the post's id nor its link.")
        found = {p.pk: p for key in keys for p in index.get(key, [])}
        if not found:
            label = _cell(row, columns["link"]) if "link" in columns else _cell(row, columns["id"])
            plan.skipped.append(
                {
                    "row": number,
                    "post": label.strip(),
                    "reason": "No post published through socialgov has this link or id.",
                }
            )
            continue
        if len(found) > 1:
            raise ImportRefused(f"Row {number} matches more than one publication; give each post's own link.")
        publication = next(iter(found.values()))
        if publication.pk in seen:
            raise ImportRefused(
                f"Rows {seen[publication.pk]} and {number} are both about post "
                f"#{publication.post_id} on {publication.account}; export one row per post."
            )
        seen[publication.pk] = number
        plan.matched.append(Row(number=number, publication=publication, **{n: values.get(n) for n in NUMBERS}))
    if not plan.matched:
        raise ImportRefused(
            f"None of the {plan.rows} rows is about a post published through socialgov to the department's "
            f"{EngagementPlatform(platform).label} accounts; nothing was imported."
        )
    return plan


def _cell(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""
