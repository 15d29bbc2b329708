"""What a slide says about a chart: its spec (drawn natively by the deck) and the report's words behind it.

    slide = slide_chart("price_per_mu", "wujin_2024", "zh")
    slide.title, slide.message, slide.notes      # the words of the picture version, the same spec's
    slide.spec.panels                            # what publish/native_chart.py writes as PowerPoint charts
    slide.quotes                                 # the report's words the numbers come from

The editable chart and the picture are two renderers of one spec (spec.py),
so they show the same bars, labels and reference lines: nothing is "only in
the picture".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import derive
from .render import chart_spec, table_rows
from .spec import ChartSpec
from .text import check_lang

__all__ = ["SlideChart", "listing", "slide_chart"]


@dataclass(frozen=True)
class SlideChart:
    spec: ChartSpec
    quotes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def lang(self) -> str:
        return self.spec.lang

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def message(self) -> str | None:
        return self.spec.subtitle

    @property
    def notes(self) -> tuple[str, ...]:
        return self.spec.notes

    @property
    def source(self) -> str:
        return self.spec.source


def slide_chart(name: str, report=None, lang: str = "zh", frames: dict | None = None) -> SlideChart:
    """Everything a slide says about chart `name`: its spec and the quotes of the facts it shows."""
    check_lang(lang)
    spec = chart_spec(name, report, lang, frames)
    return SlideChart(spec, _quotes(spec.inputs, report))


def _quotes(inputs: tuple[str, ...], report) -> tuple[str, ...]:
    """The distinct quotes of the facts named by `inputs` (derived rows: the facts they use), in order."""
    tables = derive.all_tables()
    rows: dict[str, list[dict]] = {}
    found = []

    def rows_of(table: str) -> list[dict]:
        if table not in rows:
            rows[table] = table_rows(table, report)
        return rows[table]

    def follow(ref: str, depth: int = 0) -> None:
        table, _, rest = ref.strip().partition(":")
        if table not in tables:
            return
        item = rest.rsplit(".", 1)[0]
        for row in rows_of(table):
            if rest in (row.get("indicator_id"), row.get("ratio_id")) or row.get("item_id") in (rest, item):
                if row.get("quote"):
                    found.append(str(row["quote"]))
                elif depth < 2:
                    for inner in str(row.get("inputs") or "").split(";"):
                        if inner.strip():
                            follow(inner, depth + 1)
                break

    for ref in inputs:
        follow(ref)
    return tuple(dict.fromkeys(found))


def listing(items: list[str], lang: str) -> str:
    """Items joined the way the language lists them: 甲、乙 / a, b."""
    return ("、" if lang == "zh" else ", ").join(items)
