"""The comparisons for planners and analysts: one deck per language, one workbook.

    write_deck(path, comparisons, specs, "zh", built_at)   # compare/comparisons_zh.pptx
    write_workbook(path, comparisons, built_at)            # compare/comparisons.xlsx

The deck: a title slide, then per comparison a divider slide naming its
reports and one 16:9 slide per chart, drawn natively from the same specs as
the pictures (editable, data in the chart's workbook), with its finding,
caveats, source line and speaker notes as the report decks have them
(publish/deck.py). The workbook: a 说明 sheet (what each sheet holds, in
Chinese and English, and the source reports with their sha256), then each
comparison's tables laid out as the report workbook lays out its tables
(publish/workbook.py), each sheet named in Chinese.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..charts import theme
from ..charts.native import SlideChart
from . import deck as decks
from . import sheets
from . import workbook as books

__all__ = ["SHEETS", "write_deck", "write_workbook"]

# (table builder in derive.compare, sheet name: {kind} replaced by the comparison's district or year)
SHEETS = {
    "years": (
        ("years_compared", "历年对比·{name}"),
        ("figure_changes", "比上年·{name}"),
        ("transfer_changes", "供地比上年·{name}"),
        ("land_use_changes", "地类比上年·{name}"),
        ("year_figures", "历年指标来源·{name}"),
    ),
    "districts": (
        ("districts_compared", "区县对比·{name}"),
        ("district_figures", "区县指标来源·{name}"),
    ),
}


def _name(comparison) -> str:
    from ..source.reports import load_report

    report = load_report(comparison.report_ids[-1])
    return str(report.district) if comparison.kind == "years" else f"{report.year}年"


def _frame(table: str, comparison):
    from ..derive import compare

    return getattr(compare, table)(comparison.report_ids[-1])


def _quotes(spec, comparison) -> tuple[str, ...]:
    """The sentences of the figures a chart compares, each once (the speaker notes cite them)."""
    from ..derive.compare import district_figures, year_figures
    from ..tables.frames import records

    rows = records(
        (year_figures if comparison.kind == "years" else district_figures)(comparison.report_ids[-1])
    )
    return tuple(dict.fromkeys(str(r["quote"]) for r in rows if r["quote"] and r["value"] is not None))[:12]


def write_deck(path: Path, comparisons: list, specs: dict, lang: str, built_at: datetime) -> Path:
    """Every comparison's charts as editable slides, after a title slide; written to `path`."""
    theme.register_fonts()
    deck = decks.new_deck()
    words = _words(lang)
    props = deck.core_properties  # first: each chart's workbook takes the deck's date
    props.title = words["deck_title"]
    props.subject = words["deck_subject"]
    props.author = props.last_modified_by = words["publishers"]
    props.keywords = words["deck_keywords"]
    props.comments = ""
    props.language = "zh-CN" if lang == "zh" else "en"
    props.created = props.modified = built_at.astimezone().replace(tzinfo=None)
    props.revision = 1
    decks.title_slide(
        deck, words["deck_title"], [words["deck_built"].format(date=built_at.date().isoformat())], lang
    )
    for comparison in comparisons:
        reports = words["deck_reports"].format(reports=_listing(comparison, lang))
        decks.title_slide(deck, comparison.title[lang], [reports], lang, layout=2)
        for spec in specs.get((comparison.key, lang), []):
            decks.chart_slide(deck, SlideChart(spec, _quotes(spec, comparison)), None)
    path.parent.mkdir(parents=True, exist_ok=True)
    deck.save(str(path))
    return path


def _words(lang: str) -> dict[str, str]:
    from .compare_pages import words

    return words(lang)


def _listing(comparison, lang: str) -> str:
    from ..source.reports import load_report

    names = []
    for rid in comparison.report_ids:
        r = load_report(rid)
        district = (r.district_en or r.district) if lang == "en" else r.district
        names.append(f"{district} {r.year}" if lang == "en" else f"{district}{r.year}年")
    return ("、" if lang == "zh" else ", ").join(names)


def write_workbook(path: Path, comparisons: list, built_at: datetime) -> Path:
    """说明, then each comparison's tables (labels, units and formats of the one column declaration)."""
    from ..source.reports import load_report

    path.parent.mkdir(parents=True, exist_ok=True)
    zh, en = _words("zh"), _words("en")
    writer = sheets.Writer(
        path,
        {"title": zh["workbook_title"], "subject": en["workbook_title"], "author": zh["publishers"],
         "created": built_at.replace(tzinfo=None)},
    )  # fmt: skip
    # each row as high as its wrapped lines (sheets.ReadmeCells): unset, they overlapped in LibreOffice (look10)
    cells = sheets.readme_sheet(writer, zh["workbook_title"], built_at, (28, 60, 60))
    bold = writer.format(bold=True)
    row = 3
    for key in ("workbook_how", "workbook_missing"):
        cells.put(row, 1, zh[key])
        cells.put(row, 2, en[key])
        row += 1
    row += 1
    frames = []
    for comparison in comparisons:
        cells.put(row, 0, comparison.title["zh"], bold)
        cells.put(row, 2, comparison.title["en"], bold)
        row += 1
        for table, pattern in SHEETS[comparison.kind]:
            name = pattern.format(name=_name(comparison))[:31]
            cells.put(row, 0, name)
            cells.put(row, 1, zh[f"sheet_{table}"])
            cells.put(row, 2, en[f"sheet_{table}"])
            row += 1
            frames.append((name, _frame(table, comparison)))
        row += 1
    cells.heading(row, "sources")
    for rid in dict.fromkeys(r for c in comparisons for r in c.report_ids):
        row += 1
        r = load_report(rid)
        cells.put(row, 0, rid)
        cells.put(row, 1, f"{r.publisher or r.district or ''}《{r.title}》")
        cells.put(row, 2, f"sha256 {r.sha256}")
    cells.close()
    for name, frame in frames:
        if len(frame):
            books.table_sheet(writer, name, frame)
    writer.book.close()
    return path
