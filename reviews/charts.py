"""The review's charts, drawn on the server from the report's figures (reportlab graphics), so that the
page and the PDF show the same picture: posts per month, engagement by category, flags by code.

One drawing per chart; `to_svg` renders it for the page, `reviews.exports` places it in the PDF. The SVG
carries its colours as attributes, not style attributes, so it shows under a Content-Security-Policy
that allows no inline styles.
"""

import base64
import io
import math
import re
from dataclasses import dataclass

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

BRAND = colors.HexColor("#0f2a44")
ACCENT = colors.HexColor("#0b4f8a")
WARN = colors.HexColor("#a4161a")
WIDTH = 500
FONT = "Helvetica"


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    drawing: Drawing
    # The figures in words, for readers who cannot see the picture.
    summary: str


def _step(largest: float) -> int:
    """A whole-number tick step giving at most about five ticks."""
    if largest <= 5:
        return 1
    raw = largest / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    for nice in (1, 2, 5, 10):
        if raw <= nice * magnitude:
            return int(nice * magnitude)
    return int(10 * magnitude)


def _axis(axis, values):
    largest = max(values) if values else 0
    step = _step(largest)
    axis.valueMin = 0
    axis.valueMax = max(step, math.ceil(largest / step) * step)
    axis.valueStep = step
    axis.labels.fontName = FONT
    axis.labels.fontSize = 10
    axis.labelTextFormat = lambda value: f"{int(value):,}"


def _title(drawing: Drawing, title: str, height: float) -> None:
    drawing.add(String(0, height - 14, title, fontName="Helvetica-Bold", fontSize=11, fillColor=colors.black))


def vertical_bars(title: str, labels: list[str], values: list[int], color=BRAND) -> Drawing:
    height = 220
    drawing = Drawing(WIDTH, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 45, WIDTH - 50, height - 75
    chart.data = [values or [0]]
    chart.bars[0].fillColor = color
    chart.bars.strokeColor = None
    chart.barSpacing = 2
    chart.categoryAxis.categoryNames = labels or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 10
    chart.categoryAxis.labels.angle = 45 if len(labels) > 8 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 8 else "n"
    chart.barLabelFormat = lambda value: f"{int(value):,}" if value else ""
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 10
    chart.barLabels.nudge = 6
    _axis(chart.valueAxis, values)
    drawing.add(chart)
    _title(drawing, title, height)
    return drawing


def horizontal_bars(title: str, labels: list[str], values: list[int], color=ACCENT) -> Drawing:
    rows = max(len(labels), 1)
    height = 50 + rows * 20
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 190, 25, WIDTH - 230, height - 50
    # The first category at the top, as a reader expects a list.
    chart.data = [list(reversed(values)) or [0]]
    chart.categoryAxis.categoryNames = list(reversed(labels)) or [""]
    chart.bars[0].fillColor = color
    chart.bars.strokeColor = None
    chart.barSpacing = 2
    # The category names are drawn below as end-anchored strings, so that the page's browser, not
    # reportlab's measure of Helvetica, decides where each ends (it ends just left of the axis).
    chart.categoryAxis.visibleLabels = False
    chart.barLabelFormat = lambda value: f"{int(value):,}" if value else ""
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 10
    chart.barLabels.nudge = 10
    _axis(chart.valueAxis, values)
    drawing.add(chart)
    band = chart.height / rows
    for index, text in enumerate(labels):
        middle = chart.y + chart.height - (index + 0.5) * band
        drawing.add(String(chart.x - 6, middle - 3, text, fontName=FONT, fontSize=10, textAnchor="end"))
    _title(drawing, title, height)
    return drawing


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def charts(figures: dict) -> list[Chart]:
    months = figures["resources"]["posts"]["by_month"]
    categories = figures["effectiveness"]["by_category"]
    codes = figures["content"]["flags"]["by_code"]
    return [
        Chart(
            "posts-per-month",
            "Posts per month",
            vertical_bars("Posts published per month", [m["label"] for m in months], [m["count"] for m in months]),
            "; ".join(f"{m['label']}: {m['count']}" for m in months),
        ),
        Chart(
            "engagement-by-category",
            "Engagement by category",
            horizontal_bars(
                "Engagement by category (reactions, shares, comments, clicks)",
                [_short(c["label"]) for c in categories],
                [c["engagements"] for c in categories],
            ),
            "; ".join(f"{c['label']}: {c['engagements']:,}" for c in categories),
        ),
        Chart(
            "flags-by-code",
            "Flags by code",
            horizontal_bars(
                "Screening flags by code", [_short(c["label"]) for c in codes], [c["count"] for c in codes], color=WARN
            ),
            "; ".join(f"{c['label']}: {c['count']}" for c in codes),
        ),
    ]


class _AnchoredSVGCanvas(renderSVG.SVGCanvas):
    """reportlab places right-aligned and centred text by measuring it in Helvetica; a browser without Helvetica
    draws it wider, over the bars. Here the anchor is left to the browser (text-anchor), which measures its own."""

    def drawString(self, s, x, y, angle=0, link_info=None, text_anchor="left", textRenderMode=0, **attributes):
        if text_anchor in ("end", "middle"):
            attributes["text-anchor"] = text_anchor
            text_anchor = "start"
        super().drawString(s, x, y, angle, link_info, text_anchor, textRenderMode, **attributes)


def _render_svg(drawing: Drawing) -> str:
    out = io.StringIO()
    drawing = renderSVG.renderScaledDrawing(drawing)
    canvas = _AnchoredSVGCanvas((drawing.width, drawing.height))
    renderSVG.draw(drawing, canvas, 0, 0, showBoundary=False)
    canvas.save(out)
    return out.getvalue()


STYLE = re.compile(r'\sstyle="([^"]*)"')
TAG = re.compile(r"<[a-zA-Z][^>]*>")


def _attributes(tag: str) -> str:
    match = STYLE.search(tag)
    if not match:
        return tag
    present = set(re.findall(r"\s([a-zA-Z:-]+)=", tag[: match.start()] + tag[match.end() :]))
    pairs = []
    for declaration in match.group(1).split(";"):
        if ":" not in declaration:
            continue
        name, value = (part.strip() for part in declaration.split(":", 1))
        if name and name not in present:
            pairs.append(f'{name}="{value}"')
    return tag[: match.start()] + (" " + " ".join(pairs) if pairs else "") + tag[match.end() :]


def to_svg(chart: Chart) -> str:
    """The chart as an inline <svg> element: presentation attributes instead of style attributes, ids unique to
    the chart, and a title for assistive technology."""
    svg = _render_svg(chart.drawing)
    svg = svg[svg.index("<svg") :]
    svg = TAG.sub(lambda match: _attributes(match.group(0)), svg)
    svg = svg.replace('id="clip"', f'id="{chart.name}-clip"').replace("url(#clip)", f"url(#{chart.name}-clip)")
    svg = svg.replace('id="group"', f'id="{chart.name}-group"')
    svg = svg.replace('font-family="Helvetica"', 'font-family="Helvetica, Arial, sans-serif"')
    svg = re.sub(
        r"<title>.*?</title>", f'<title id="{chart.name}-title">{chart.title}</title>', svg, count=1, flags=re.S
    )
    svg = re.sub(r"<desc>.*?</desc>", f"<desc>{_escape(chart.summary)}</desc>", svg, count=1, flags=re.S)
    svg = svg.replace("<svg ", f'<svg class="chart" role="img" aria-labelledby="{chart.name}-title" ', 1)
    return svg


def to_data_uri(chart: Chart) -> str:
    """The chart's SVG as a data: URI for an <img>: the page marks nothing safe, and an SVG shown as an image
    runs no script whatever it holds (the Content-Security-Policy allows data: images, settings.py)."""
    svg = to_svg(chart)
    if "xmlns=" not in svg[: svg.index(">")]:
        svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
