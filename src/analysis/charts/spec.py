"""A chart as data: what it shows, in one language, built from derive's tables and drawn by two renderers.

    spec = chart_spec("price_per_mu", "wujin_2024", "zh")
    spec.title, spec.subtitle, spec.notes, spec.source      # its words
    spec.panels[0].categories, spec.panels[0].series        # what it shows: bars, their labels
    spec.panels[0].lines                                    # reference lines (the 30 % line)
    draw.figure(spec)                                       # matplotlib: the pictures (PNG, SVG)
    publish.native_chart.add_chart(slide, panel, box)       # PowerPoint: the editable chart

Every number a chart shows is in a table of `derive` (a chart never
computes a ratio), every text is in the chart's words (rules/wording.csv,
a report's wording.csv), and every value label is a number in the one
style (tables.formats) with a literal unit: the picture draws the text,
the editable chart writes the same number format, so both show the same
labels. Tests assert on the spec, not on drawn patches.

Categories are listed in reading order: the first at the top of a bar
chart, at the left of a column chart.

A figure a report does not give is a Bar with no value and a `missing`
text (报告未列明, why): both renderers write that text where the bar would
start, in the muted colour, and draw no bar; it is never a zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..tables.formats import excel_format, number_text

__all__ = ["KINDS", "PLACES", "STYLES", "Axis", "Bar", "ChartSpec", "Legend", "Line", "Panel", "Series"]

KINDS = ("bar", "stacked", "column")  # horizontal clustered, horizontal stacked, vertical clustered
PLACES = ("end", "inside", "center", "below", "none")  # where a bar's value label goes
STYLES = ("solid", "outline", "hatch", "track")  # a filled bar, a reference, a variant, a 100 % track


@dataclass(frozen=True)
class Bar:
    """One bar (or segment): its value, colour, style, and its value label in the one number style."""

    value: float | None  # None: no bar for this category
    colour: str
    decimals: int | None = None  # of the label: None as printed, else fixed
    prefix: str = ""  # literal text before the number (其中耕地 )
    suffix: str = ""  # the unit after the number (万元/亩, %, 亩)
    place: str = "end"  # one of PLACES
    style: str = "solid"  # one of STYLES
    missing: str = ""  # where value is None: why, written where the bar would start (never a zero bar)
    fixed: bool = False  # keep the decimals on a whole number (62.0% beside 60.9%: formats.number_text)

    @property
    def text(self) -> str:
        """The label as both renderers show it."""
        if self.value is None or self.place == "none":
            return ""
        return f"{self.prefix}{number_text(self.value, self.decimals, fixed=self.fixed)}{self.suffix}"

    @property
    def number_format(self) -> str:
        """The Excel number format that shows `text` (the editable chart's label stays live)."""
        decimals = self.decimals if self.decimals is not None else _places(self.value)
        if self.value is not None and float(self.value).is_integer() and not (self.fixed and self.decimals):
            decimals = 0  # as number_text: a whole number shows no decimals
        return excel_format(decimals, self.suffix, self.prefix)


def _places(value: float | None) -> int:
    from ..tables.formats import printed_decimals

    if value is None or float(value).is_integer():
        return 0
    return printed_decimals(value)


@dataclass(frozen=True)
class Series:
    name: str  # legend entry (a use type), or the axis measure where one series
    bars: tuple[Bar, ...]  # one per category of its panel
    inner: bool = False  # drawn inside the first series' bar, thinner (耕地 inside 农用地)


@dataclass(frozen=True)
class Line:
    """A reference line across the plot at `value`, with its label: never a mix of unlike categories."""

    value: float
    text: str
    style: str = "dashed"  # dashed, dotted


@dataclass(frozen=True)
class Axis:
    title: str  # with its unit
    maximum: float | None = None  # the end, where fixed (100 for shares and rates)
    percent: bool = False
    ticks: int = 6
    integer: bool = False


@dataclass(frozen=True)
class Legend:
    entries: tuple[tuple[str, str], ...]  # (name, colour)


@dataclass(frozen=True)
class Panel:
    kind: str  # one of KINDS
    categories: tuple[str, ...]  # reading order: top to bottom (bar), left to right (column)
    series: tuple[Series, ...]
    axis: Axis
    title: str | None = None
    lines: tuple[Line, ...] = ()
    legend: Legend | None = None
    width: float = 1.0  # share of the slide's width, against the other panels

    def bars(self):
        """(category index, series, bar) of every bar that is drawn."""
        for s in self.series:
            for i, bar in enumerate(s.bars):
                if bar.value is not None:
                    yield i, s, bar

    def missing(self) -> list[tuple[int, str]]:
        """(category index, text) of each category whose bars are all missing and say why (once each)."""
        found = []
        for i in range(len(self.categories)):
            bars = [s.bars[i] for s in self.series]
            why = next((b.missing for b in bars if b.missing), "")
            if why and all(b.value is None for b in bars):
                found.append((i, why))
        return found


@dataclass(frozen=True)
class ChartSpec:
    name: str
    lang: str
    size: str  # "full" or "half" (theme.SLIDE_PIXELS)
    title: str
    subtitle: str | None  # the finding, one sentence
    notes: tuple[str, ...]  # caveats, under the chart
    source: str  # 数据来源：… / Source: …
    panels: tuple[Panel, ...]
    inputs: tuple[str, ...] = field(default_factory=tuple)  # the facts the values come from
    font_scale: float = 1.0

    @property
    def alt(self) -> str:
        """What a screen reader says: the title and the finding."""
        if not self.subtitle:
            return self.title
        return f"{self.title}。{self.subtitle}" if self.lang == "zh" else f"{self.title}. {self.subtitle}"

    def labels(self) -> list[str]:
        """Every value label the chart shows, panel by panel (what both renderers must show)."""
        return [bar.text for panel in self.panels for _, _, bar in panel.bars() if bar.text]

    def missing_labels(self) -> list[str]:
        """Every text that stands for a missing figure, panel by panel (both renderers show them)."""
        return [text for panel in self.panels for _, text in panel.missing()]
