"""Plain PDF documents for the retention report and certificates of destruction (reportlab).

Drawn straight onto the canvas a line at a time, so a long table costs one page of layout at a
time rather than a document model of every row.
"""

from reportlab.lib.pagesizes import landscape, letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

MARGIN = 36
FONT = "Helvetica"
BOLD = "Helvetica-Bold"


def fit(text: str, width: float, size: float) -> str:
    """The text, cut with an ellipsis to fit `width` points."""
    text = str(text)
    if stringWidth(text, FONT, size) <= width:
        return text
    while text and stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text + "…"


class PdfDocument:
    def __init__(self, out, *, title: str, footer: str = "", wide: bool = True, size: float = 7.5):
        self.pagesize = landscape(letter) if wide else letter
        self.canvas = canvas.Canvas(out, pagesize=self.pagesize, pageCompression=1)
        self.canvas.setTitle(title)
        self.title = title
        self.footer = footer
        self.size = size
        self.leading = size * 1.45
        self.width = self.pagesize[0] - 2 * MARGIN
        self.columns: list[tuple[str, float]] = []
        self.page = 0
        self._new_page()

    def _new_page(self):
        if self.page:
            self.canvas.showPage()
        self.page += 1
        self.y = self.pagesize[1] - MARGIN
        self.canvas.setFont(FONT, 7)
        self.canvas.drawString(MARGIN, MARGIN / 2, fit(f"{self.title} · {self.footer}".strip(" ·"), self.width - 60, 7))
        self.canvas.drawRightString(self.pagesize[0] - MARGIN, MARGIN / 2, f"Page {self.page}")

    def _room(self, lines: float = 1) -> None:
        if self.y - lines * self.leading < MARGIN:
            self._new_page()
            if self.columns:
                self._header()

    def heading(self, text: str, size: float = 14) -> None:
        self._room(2)
        self.canvas.setFont(BOLD, size)
        self.y -= size * 1.3
        self.canvas.drawString(MARGIN, self.y, fit(text, self.width, size))
        self.y -= size * 0.4

    def line(self, text: str = "", *, bold: bool = False) -> None:
        # Long lines wrap on spaces.
        words, current = str(text).split(" "), ""
        for word in words:
            candidate = f"{current} {word}".strip()
            if stringWidth(candidate, BOLD if bold else FONT, self.size + 1) > self.width and current:
                self._text(current, bold)
                current = word
            else:
                current = candidate
        self._text(current, bold)

    def _text(self, text: str, bold: bool) -> None:
        self._room()
        self.canvas.setFont(BOLD if bold else FONT, self.size + 1)
        self.y -= self.leading
        self.canvas.drawString(MARGIN, self.y, fit(text, self.width, self.size + 1))

    def table(self, columns: list[tuple[str, float]]) -> None:
        """Start a table; `columns` are (heading, share of the width)."""
        total = sum(share for _, share in columns)
        self.columns = [(name, self.width * share / total) for name, share in columns]
        self.y -= self.leading / 2
        self._header()

    def _header(self) -> None:
        self._room(2)
        self.y -= self.leading
        x = MARGIN
        self.canvas.setFont(BOLD, self.size)
        for name, width in self.columns:
            self.canvas.drawString(x, self.y, fit(name, width - 4, self.size))
            x += width
        self.canvas.line(MARGIN, self.y - 2, MARGIN + self.width, self.y - 2)

    def row(self, values) -> None:
        self._room()
        self.y -= self.leading
        x = MARGIN
        self.canvas.setFont(FONT, self.size)
        for (_, width), value in zip(self.columns, values, strict=False):
            self.canvas.drawString(x, self.y, fit("" if value is None else value, width - 4, self.size))
            x += width

    def end_table(self) -> None:
        self.columns = []
        self.y -= self.leading / 2

    def close(self) -> None:
        self.canvas.showPage()
        self.canvas.save()
