"""What the comparison charts share: their reports' names, a group's source line, a missing figure's bar.

    figure_bar(row, colour, lang)      a Bar of a compared figure: its value and unit, or why it is missing
    read_figure(value, "元", "en")      the figure as the pages read it: Reading(0.395, 3, "亿元", "en")
    group_source(report_ids, lang)     数据来源：… of every report a comparison reads, a shared publisher once
    district_name(report_id, lang)     锡山区 / Xishan District, from the manifest

NOTES
- A figure a report does not give is a Bar without a value whose `missing`
  text says why (the codes of compare's `missing` column): both renderers
  write the reason where the bar would start; nothing is drawn as zero.
- Money is shown in the unit the reports print (亿元, 万元/亩), in English
  as the comparison pages' tables say it, through the one reading
  (tables.formats.reading): billions of yuan with every digit the Chinese
  figure carries (3.1859亿元 is 0.31859, never 0.32), a price per mu in
  millions with two decimals (446.78万元/亩 is 4.47, CNY 4.47 million per
  mu on the page).
"""

from __future__ import annotations

from ..source.reports import load_report
from ..tables.codes import code_label
from ..tables.fields import FIELDS
from ..tables.formats import Reading, reading
from .spec import Bar
from .text import in_unit, label_unit
from .wording import WORDING

__all__ = ["district_name", "figure_bar", "group_source", "missing_text", "read_figure"]

# how a figure's unit is shown on a bar: (unit shown in Chinese, English unit suffix); in English the
# value is read as the pages' tables read it (tables.formats.reading): CNY billion, a price per mu
# in CNY million (4.47)
_SHOWN = {
    "元": ("亿元", ""),
    "万元/亩": ("万元/亩", ""),
    "亩": ("亩", " mu"),
    "公顷": ("公顷", " ha"),
    "宗": ("宗", ""),
    "%": ("%", "%"),
}


def read_figure(value: float, unit: str, lang: str, decimals: int | None = None) -> Reading:
    """A figure as the comparison pages read it (元 -> 亿元; in English CNY billion, every digit kept)."""
    shown, _ = _SHOWN.get(unit, (unit, ""))
    return reading(in_unit(value, unit, shown) if shown != unit else value, shown, lang, decimals)


def _suffix(unit: str, lang: str) -> str:
    shown, english = _SHOWN.get(unit, (unit, ""))
    if lang == "en":
        return english
    return label_unit(shown, lang) if shown not in ("亿元", "万元/亩") else shown


def missing_text(reason: str | None, lang: str) -> str:
    """Why a figure is missing, as readers read it (报告未列明 / not stated in the report)."""
    return code_label("missing", reason or "not_stated", lang)


def figure_bar(row: dict | None, colour: str, lang: str, *, style: str = "solid", place: str = "end") -> Bar:
    """A compared figure's bar: value in its shown unit with its label, or no bar and why it is missing."""
    if row is None or row["value"] is None:
        return Bar(None, colour, missing=missing_text(None if row is None else row["missing"], lang))
    unit, declared = row["unit"], FIELDS[row["figure"]].decimals
    decimals = int(declared) if declared and declared.isdigit() else None  # as the pages: stated as printed
    read = read_figure(row["value"], unit, lang, decimals)
    return Bar(
        read.value,
        colour,
        read.decimals,
        suffix=_suffix(unit, lang),
        place=place,
        style=style,
        fixed=decimals is not None,
    )


def district_name(report_id: str, lang: str) -> str:
    report = load_report(report_id)
    if lang == "en" and report.district_en:
        return report.district_en
    return report.district or report.report_id


def group_source(report_ids: list[str], lang: str) -> str:
    """The source line naming every report once, a publisher once for its reports in a row:
    数据来源：A《2023年工作总结》《2024年工作总结》；B《2024年工作总结》 / Source: A, t1 and t2; B, t3."""
    runs: list[tuple[str, list[str]]] = []
    for r in (load_report(i) for i in dict.fromkeys(report_ids)):
        who = (r.publisher or r.district or "") if lang == "zh" else (r.publisher_en or r.district_en or "")
        title = f"《{r.title}》" if lang == "zh" else r.title_en
        if runs and runs[-1][0] == who:
            runs[-1][1].append(title)
        else:
            runs.append((who, [title]))
    if lang == "zh":
        parts = [who + "".join(titles) for who, titles in runs]
    else:
        parts = [", ".join(filter(None, [who, _and(titles)])) for who, titles in runs]
    label = WORDING.label("chart_text", "source_group", lang)
    return label.format(reports=("；" if lang == "zh" else "; ").join(parts))


def _and(titles: list[str]) -> str:
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
