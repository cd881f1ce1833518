"""The report of a period as an A4 PDF: title page, table of contents, charts and numbered pages.

The PDF is drawn from the same figures dict as the page (the snapshot once delivered) and the
staff-written parts, so a group the page hides never reaches the file. Numbers, per cents and dates
follow the active language through core.formats (12,5 %, 10 000 and 23.11.2026 in Finnish).
Every text from members or staff is escaped before it becomes reportlab Paragraph markup.

Each section is built by its own function taking a `PdfReport` and returning flowables, so that more
sections (discussions, statement votes) can be appended to `SECTIONS` without touching the others.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from itertools import count

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from core.formats import NBSP, fmt_date, fmt_number, fmt_pct
from core.pdf import FONT, FONT_BOLD, INK, markup, register_fonts

from .discussion import discussion_rows, opinion_group_rows, statement_rows
from .models import Report

# Finnish and Swedish quote with the same mark on both sides.
QUOTE_MARKS = {"fi": ("\u201d", "\u201d"), "sv": ("\u201d", "\u201d")}
MARGINS = {"left": 25 * mm, "right": 20 * mm, "top": 20 * mm, "bottom": 22 * mm}
BAR = colors.HexColor("#1f4e79")
GRID = colors.HexColor("#999999")
# Light to dark, so that the order of a Likert scale reads without colour vision too.
SCALE = [colors.HexColor(c) for c in ("#d9e6f2", "#9fc1de", "#5b8fbf", "#2f6398", "#12355b")]


# Typography of the active language ----------------------------------------------------------------


def quoted(text: str) -> str:
    """Text in the quotation marks of the active language (”…” in Finnish and Swedish)."""
    opening, closing = QUOTE_MARKS.get((get_language() or "fi")[:2], ("\u201c", "\u201d"))
    return f"{opening}{text}{closing}"


# Styles ----------------------------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, textColor=INK, spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11.5, spaceAfter=0),
        "cell_head": ParagraphStyle(
            "cell_head", parent=base, fontName=FONT_BOLD, fontSize=9, leading=11.5, spaceAfter=0
        ),
        "num": ParagraphStyle("num", parent=base, fontSize=9, leading=11.5, spaceAfter=0, alignment=TA_RIGHT),
        "quote": ParagraphStyle("quote", parent=base, leftIndent=8 * mm, rightIndent=8 * mm),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=22, leading=28, spaceAfter=12),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=13, leading=18, spaceAfter=6),
        "toc_title": ParagraphStyle(
            "toc_title", parent=base, fontName=FONT_BOLD, fontSize=14, leading=18, spaceBefore=18
        ),
        "h0": ParagraphStyle(
            "h0", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, spaceBefore=6, spaceAfter=8
        ),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=FONT_BOLD, fontSize=13, leading=17, spaceBefore=10, spaceAfter=6
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=10, spaceAfter=4
        ),
        "toc0": ParagraphStyle("toc0", parent=base, fontName=FONT_BOLD, fontSize=10, leading=13, leftIndent=0),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=9.5, leading=12, leftIndent=6 * mm, spaceAfter=1),
        "toc2": ParagraphStyle("toc2", parent=base, fontSize=8.5, leading=11, leftIndent=12 * mm, spaceAfter=0),
    }


class Heading(Paragraph):
    """A heading that the document template enters into the table of contents and the outline."""

    def __init__(self, text: str, style: ParagraphStyle, *, level: int, key: str) -> None:
        super().__init__(markup(text), style)
        self.toc_level = level
        self.toc_key = key


@dataclass
class PdfReport:
    """Everything a section builder may use."""

    report: Report
    figures: dict
    findings: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    styles: dict[str, ParagraphStyle] = field(default_factory=_styles)
    width: float = A4[0] - MARGINS["left"] - MARGINS["right"]
    organisations: str = ""
    keys: Iterator[int] = field(default_factory=count)
    draw_charts: bool = True

    @property
    def k(self) -> int:
        return self.figures.get("k", 0)

    def heading(self, text: str, level: int = 0) -> Heading:
        return Heading(text, self.styles[f"h{level}"], level=level, key=f"h{next(self.keys)}")

    def para(self, text: object, style: str = "body") -> Paragraph:
        return Paragraph(markup(text), self.styles[style])

    def table(self, header: list[str], rows: list[list], widths: list[float], *, numeric_from: int = 1) -> Table:
        """A table with a header row; columns from `numeric_from` on are right-aligned numbers."""
        styles = self.styles

        def cell(value: object, column: int, head: bool = False) -> Paragraph:
            style = "cell_head" if head else ("num" if column >= numeric_from else "cell")
            return Paragraph(markup(value), styles[style])

        data = [[cell(v, i, head=True) for i, v in enumerate(header)]]
        data += [[cell(v, i) for i, v in enumerate(row)] for row in rows]
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, GRID),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return table


# Charts --------------------------------------------------------------------------------------------


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _axis_label(value: float) -> str:
    return fmt_number(int(value) if float(value).is_integer() else value)


def bar_chart(width: float, labels: list[str], values: list[float], texts: list[str], maximum: float) -> Drawing:
    """Horizontal bars, first label on top, each bar labelled with its number as text."""
    row_height = 16
    label_width = min(170.0, width * 0.38)
    drawing = Drawing(width, len(labels) * row_height + 24)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 16
    chart.width, chart.height = width - label_width - 50, len(labels) * row_height
    # The chart draws its first category at the bottom: reverse so the order reads as in the table.
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = [_short(label) for label in reversed(labels)]
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = maximum or 1
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = _axis_label
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    drawing.add(chart)
    # The number beside each bar, placed by hand: the chart's own bar labels cannot be flattened.
    step = chart.height / max(len(labels), 1)
    for index, (value, text) in enumerate(zip(values, texts, strict=True)):
        x = chart.x + chart.width * min(value / (maximum or 1), 1) + 3
        y = chart.y + chart.height - (index + 0.5) * step - 2.5
        drawing.add(String(x, y, text, fontName=FONT, fontSize=7.5, fillColor=INK))
    return drawing


def stacked_chart(width: float, labels: list[str], series: list[list[float]], names: list[str]) -> Drawing:
    """Stacked per-cent bars (Likert rows) with a legend; the table below gives every number."""
    row_height = 16
    label_width = min(170.0, width * 0.38)
    legend_height = 18
    drawing = Drawing(width, len(labels) * row_height + 24 + legend_height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 16 + legend_height
    chart.width, chart.height = width - label_width - 20, len(labels) * row_height
    chart.data = [list(reversed(values)) for values in series]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [_short(label) for label in reversed(labels)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, 100
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = _axis_label
    for index in range(len(series)):
        chart.bars[index].fillColor = SCALE[index % len(SCALE)]
        chart.bars[index].strokeColor = colors.white
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = label_width, legend_height - 2
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = FONT
    legend.fontSize = 7.5
    legend.colorNamePairs = [(SCALE[i % len(SCALE)], name) for i, name in enumerate(names)]
    legend.deltax = 40
    drawing.add(legend)
    return drawing


class Chart(Flowable):
    """A drawing that is drawn only when `pdf.draw_charts` is on.

    Settling the table of contents lays the document out several times; the charts, most of the cost
    of each pass, need their size then but are drawn only in the last one.
    """

    def __init__(self, drawing: Drawing, pdf: "PdfReport") -> None:
        super().__init__()
        self.drawing, self.pdf = drawing, pdf
        self.width, self.height = drawing.width, drawing.height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if self.pdf.draw_charts:
            self.drawing.drawOn(self.canv, 0, 0)


# Sections ------------------------------------------------------------------------------------------

Section = Callable[[PdfReport], list[Flowable]]


def _written(pdf: PdfReport, title: str, text: str, empty: str) -> list[Flowable]:
    return [pdf.heading(title), pdf.para(text) if text.strip() else pdf.para(empty)]


def summary_section(pdf: PdfReport) -> list[Flowable]:
    return _written(pdf, _("Summary"), pdf.report.summary, _("No summary written."))


def findings_section(pdf: PdfReport) -> list[Flowable]:
    parts: list[Flowable] = [pdf.heading(_("Findings"))]
    if not pdf.findings:
        parts.append(pdf.para(_("No findings yet.")))
    for number, finding in enumerate(pdf.findings, start=1):
        parts.append(pdf.heading(f"{number}. {finding.title}", 1))
        if finding.text:
            parts.append(pdf.para(finding.text))
        parts += [pdf.para(quoted(q.text), "quote") for q in pdf.quotes if q.finding_id == finding.pk]
    return parts


def recommendations_section(pdf: PdfReport) -> list[Flowable]:
    return _written(pdf, _("Recommendations"), pdf.report.recommendations, _("No recommendations written."))


def quotes_section(pdf: PdfReport) -> list[Flowable]:
    """Quotes not attached to a finding (those appear under their finding)."""
    loose = [q for q in pdf.quotes if q.finding_id is None]
    if not loose:
        return []
    return [pdf.heading(_("Quotes")), *(pdf.para(quoted(q.text), "quote") for q in loose)]


def participation_section(pdf: PdfReport) -> list[Flowable]:
    part = pdf.figures.get("participation") or {}
    header = [_("Task"), _("Invited"), _("Started"), _("Finished")]
    widths = [pdf.width - 3 * 25 * mm, 25 * mm, 25 * mm, 25 * mm]

    def numbers(row: dict) -> list[str]:
        return [fmt_number(row.get("invited")), fmt_number(row.get("started")), fmt_number(row.get("finished"))]

    rows = [[_("Whole period"), *numbers(part)]] + [[task["title"], *numbers(task)] for task in part.get("tasks", [])]
    parts: list[Flowable] = [pdf.heading(_("Participation")), pdf.table(header, rows, widths)]
    for variable in (part.get("by_variable") or {}).values():
        # Hidden groups are left out entirely: not their counts, and not which of them was hidden.
        rows = [[group["label"], *numbers(group)] for group in variable["groups"] if not group["hidden"]]
        if variable.get("any_hidden"):
            rows.append([_("Hidden groups"), _("hidden: too few to show"), "", ""])
        header = [_("Group"), _("Invited"), _("Started"), _("Finished")]
        parts += [
            pdf.heading(_("Participation by %(variable)s") % {"variable": variable["label"]}, 1),
            pdf.table(header, rows, widths),
        ]
    return parts


def question_block(pdf: PdfReport, question: dict) -> list[Flowable]:
    """One closed question: its chart and, below, a table with every number of the chart."""
    head = [pdf.heading(question["text"], 2), pdf.para(_("Respondents: %(n)s") % {"n": fmt_number(question["n"])})]
    body: list[Flowable] = []
    rows = question.get("rows") or []
    labels = [row["label"] for row in rows]
    if rows and question["kind"] == "ranking":
        means = [row.get("mean_rank") for row in rows]
        chart = bar_chart(pdf.width, labels, [m or 0 for m in means], [fmt_number(m) for m in means], len(rows))
        head.append(Chart(chart, pdf))
        body.append(
            pdf.table(
                [_("Option"), _("Count"), _("Mean rank (1 = best)")],
                [[row["label"], fmt_number(row["count"]), fmt_number(row.get("mean_rank"))] for row in rows],
                [pdf.width - 70 * mm, 25 * mm, 45 * mm],
            )
        )
    elif rows:
        pcts = [row.get("pct") for row in rows]
        head.append(Chart(bar_chart(pdf.width, labels, [p or 0 for p in pcts], [fmt_pct(p) for p in pcts], 100), pdf))
        body.append(
            pdf.table(
                [_("Option"), _("Count"), _("Per cent")],
                [[row["label"], fmt_number(row["count"]), fmt_pct(row.get("pct"))] for row in rows],
                [pdf.width - 50 * mm, 25 * mm, 25 * mm],
            )
        )
    likert = question.get("likert") or []
    if likert:
        values = [cell["value"] for cell in likert[0]["cells"]]
        series = [[line["cells"][i]["pct"] or 0 for line in likert] for i in range(len(values))]
        head.append(Chart(stacked_chart(pdf.width, [line["label"] for line in likert], series, values), pdf))
        value_width = min(22 * mm, (pdf.width - 70 * mm) / max(len(values), 1))
        body.append(
            pdf.table(
                [_("Statement"), "n", *values],
                [
                    [
                        line["label"],
                        fmt_number(line["n"]),
                        *(f"{fmt_number(c['count'])}{NBSP}({fmt_pct(c['pct'])})" for c in line["cells"]),
                    ]
                    for line in likert
                ],
                [pdf.width - 15 * mm - value_width * len(values), 15 * mm, *([value_width] * len(values))],
            )
        )
    if question.get("other"):
        body.append(pdf.para(_("Other answers"), "cell_head"))
        body += [pdf.para("– " + quoted(other), "small") for other in question["other"]]
    elif question.get("other_hidden"):
        body.append(
            pdf.para(_("The “other” answers are not shown: fewer than %(k)s respondents.") % {"k": pdf.k}, "small")
        )
    return [KeepTogether(head), *body, Spacer(1, 4 * mm)]


def questions_section(pdf: PdfReport) -> list[Flowable]:
    questions = pdf.figures.get("questions") or []
    parts: list[Flowable] = [pdf.heading(_("Closed questions"))]
    if not questions:
        return [*parts, pdf.para(_("No closed questions."))]
    titles = {task["id"]: task["title"] for task in (pdf.figures.get("participation") or {}).get("tasks", [])}
    task_id = object()
    for question in questions:
        if question.get("task_id") != task_id:
            task_id = question.get("task_id")
            parts.append(pdf.heading(titles.get(task_id) or _("Task"), 1))
        parts += question_block(pdf, question)
    return parts


def crosstabs_section(pdf: PdfReport) -> list[Flowable]:
    """Every closed question by every background variable: the per cents of each shown group, n in the header.

    Groups of fewer than k respondents (and their partners) are already left out of the figures; the
    table says that some are, not how many.
    """
    crosstabs = pdf.figures.get("crosstabs") or {}
    questions = [q for q in pdf.figures.get("questions") or [] if any(crosstabs.get(str(q["id"]), {}).values())]
    if not questions:
        return []
    parts: list[Flowable] = [
        pdf.heading(_("Cross-tabulations")),
        pdf.para(_("Per cent of each group who chose the option; the group's number of respondents in brackets.")),
    ]
    for question in questions:
        parts.append(pdf.heading(question["text"], 1))
        for table in crosstabs[str(question["id"])].values():
            columns = table["columns"]
            label = pdf.para(_("By %(variable)s") % {"variable": table["variable_label"]}, "cell_head")
            if not columns:
                parts.append(
                    KeepTogether(
                        [label, pdf.para(_("Every group has fewer than %(k)s respondents.") % {"k": pdf.k}, "small")]
                    )
                )
                continue
            option_width = 45 * mm
            column_width = (pdf.width - option_width) / len(columns)
            header = [_("Option"), *(f"{column['label']} ({fmt_number(column['n'])})" for column in columns)]
            rows = [[row["label"], *(fmt_pct(cell["pct"]) for cell in row["cells"])] for row in table["rows"]]
            block = [label, pdf.table(header, rows, [option_width, *([column_width] * len(columns))])]
            if table.get("any_hidden") or table.get("hidden_columns"):
                block.append(
                    pdf.para(
                        _("Some groups are hidden to protect groups of fewer than %(k)s respondents.") % {"k": pdf.k},
                        "small",
                    )
                )
            parts += [KeepTogether(block), Spacer(1, 3 * mm)]
    return parts


def codes_section(pdf: PdfReport) -> list[Flowable]:
    codes = pdf.figures.get("codes") or []
    parts: list[Flowable] = [pdf.heading(_("Codes of open answers"))]
    if not codes:
        return [*parts, pdf.para(_("No codes yet."))]
    rows = [[code["name"], fmt_number(code["count"])] for code in codes]
    return [*parts, pdf.table([_("Code"), _("Count")], rows, [pdf.width - 30 * mm, 30 * mm])]


def rows_section(key: str, title: Callable[[], str], rows: Callable[[dict], Iterator[list]]) -> Section:
    """A section printed from the same rows as the CSV and XLSX, when the figures have that part."""

    def section(pdf: PdfReport) -> list[Flowable]:
        if not pdf.figures.get(key):
            return []
        header, *body = list(rows(pdf.figures))
        body = [
            [fmt_number(c) if isinstance(c, int | float) and not isinstance(c, bool) else c for c in r] for r in body
        ]
        widths = [pdf.width / len(header)] * len(header)
        return [pdf.heading(title()), pdf.table(header, body, widths, numeric_from=len(header))]

    return section


SECTIONS: list[Section] = [
    summary_section,
    findings_section,
    recommendations_section,
    quotes_section,
    participation_section,
    questions_section,
    rows_section("discussions", lambda: _("Discussions"), discussion_rows),
    rows_section("statements", lambda: _("Statement votes"), statement_rows),
    rows_section("statements", lambda: _("Opinion groups"), opinion_group_rows),
    codes_section,
    crosstabs_section,
]


# The document ----------------------------------------------------------------------------------------


class _ReportDoc(BaseDocTemplate):
    def __init__(self, buffer: BytesIO, **kwargs) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGINS["left"],
            rightMargin=MARGINS["right"],
            topMargin=MARGINS["top"],
            bottomMargin=MARGINS["bottom"],
            **kwargs,
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def afterFlowable(self, flowable: Flowable) -> None:
        level = getattr(flowable, "toc_level", None)
        if level is None:
            return
        text = flowable.getPlainText()
        self.canv.bookmarkPage(flowable.toc_key)
        self.canv.addOutlineEntry(text, flowable.toc_key, level=level, closed=level > 0)
        # The table of contents reads its entries as markup: escape the plain text again.
        self.notify("TOCEntry", (level, markup(text), self.page, flowable.toc_key))


def _numbered_canvas(footer: str) -> type[Canvas]:
    """A canvas that holds its pages until the end, to print "page n of N" on each."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for state in self._held:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            page = self.getPageNumber()
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillColor(INK)
            y = MARGINS["bottom"] - 10 * mm
            self.drawString(MARGINS["left"], y, _short(footer, 80))
            text = _("Page %(page)s of %(pages)s") % {"page": fmt_number(page), "pages": fmt_number(total)}
            self.drawRightString(A4[0] - MARGINS["right"], y, text)
            self.restoreState()

    return NumberedCanvas


def _title_page(pdf: PdfReport, toc: TableOfContents) -> list[Flowable]:
    report, period = pdf.report, pdf.report.period
    lines = [
        _("Organisation: %(names)s") % {"names": pdf.organisations} if pdf.organisations else "",
        _("Active period %(start)s–%(end)s") % {"start": fmt_date(period.starts_at), "end": fmt_date(period.ends_at)},
        _("Status: %(status)s") % {"status": report.get_status_display()},
        _("Delivered %(date)s") % {"date": fmt_date(report.delivered_at)} if report.delivered_at else "",
        _("Groups of fewer than %(k)s members are not shown.") % {"k": pdf.k},
    ]
    return [
        Paragraph(markup(_("Report of the active period")), pdf.styles["subtitle"]),
        Paragraph(markup(period.title), pdf.styles["title"]),
        *(pdf.para(line, "subtitle") for line in lines if line),
        Paragraph(markup(_("Contents")), pdf.styles["toc_title"]),
        toc,
        PageBreak(),
    ]


def _story(pdf: PdfReport, sections: Iterable[Section], entries: list | None = None) -> tuple[list, TableOfContents]:
    """Fresh flowables (platypus leaves state on those it has laid out) and their table of contents."""
    pdf.keys = count()  # the same headings get the same bookmark keys in every build
    styles = pdf.styles
    toc = TableOfContents(levelStyles=[styles["toc0"], styles["toc1"], styles["toc2"]], dotsMinLevel=0)
    if entries:
        toc._entries = list(entries)  # what the previous build found
    story = _title_page(pdf, toc)
    for section in sections:
        story += section(pdf)
    return story, toc


def report_pdf(report: Report, figures: dict, *, sections: Iterable[Section] | None = None) -> bytes:
    """The report as PDF bytes, in the active language."""
    register_fonts()
    pdf = PdfReport(
        report=report,
        figures=figures,
        findings=list(report.findings.all()),
        # Quotes that automatic review flagged (a name, a phone number…) wait for a person first.
        quotes=[q for q in report.quotes.all() if q.reviewed or not q.flags],
        organisations=", ".join(str(o) for o in report.period.organisations.all()),
    )
    sections = list(SECTIONS if sections is None else sections)
    title = _("Report: %(title)s") % {"title": report.period.title}
    options = {
        "title": title,
        "author": "Prototyypit",
        "creator": "Prototyypit",
        "subject": _("Report of the active period"),
        "lang": get_language() or "fi",
        "displayDocTitle": True,
    }
    # First settle the table of contents without drawing the charts, most of the cost of each pass;
    # then build once more, drawing everything, with the contents already known (normally one pass).
    pdf.draw_charts = False
    story, toc = _story(pdf, sections)
    _ReportDoc(BytesIO(), **options).multiBuild(story, canvasmaker=_numbered_canvas(title))
    pdf.draw_charts = True
    story, _toc = _story(pdf, sections, entries=toc._lastEntries)
    buffer = BytesIO()
    _ReportDoc(buffer, **options).multiBuild(story, canvasmaker=_numbered_canvas(title))
    return buffer.getvalue()
