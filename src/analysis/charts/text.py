"""Words and numbers of the charts: wording, number formats, measured wrapping.

    chart_text("price_bar", "zh", price=..., per_m2=...)   # a text of rules/wording.csv, filled in
    format_value(972.49, "wan_yuan_per_mu", "zh")          # 972.49万元/亩 (3,771.3 mu in English)
    wrap(text, size_pt, width_in)                          # line breaks by measured width

NOTES
- Text is wrapped here (greedy, by measured width with the house fonts)
  instead of by tight_layout loops: a label either fits where it is put or
  goes somewhere else, decided before drawing.
- Measuring is cached by (text, size): the same tick labels and notes are
  measured again and again while a chart decides where its labels go.
- One rule for numbers in both languages, notes and ticks included: a
  comma between thousands (3,771.3亩, 3,771.3 mu; years stay 2024), as the
  bureau's statistical tables print them. Units come from the wording table's
  group unit_suffix.
- Amounts of money read as each language says them: 203.69亿元 and 1,859万元
  in Chinese, 20.369 billion yuan and 18.59 million yuan in English, with as
  many digits as the Chinese figure carries (no precision added or lost).
- A line never ends with a label and its colon (数据来源：, Note:): the words
  after it are split finer so that some of them stay on its line.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import cache, lru_cache
from typing import Any

from ..errors import AnalysisError
from ..extract import vocabulary
from ..source.quantities import convert
from . import theme
from .wording import WORDING

__all__ = [
    "LANGS",
    "chart_text",
    "check_lang",
    "class_key",
    "fits_centred",
    "format_change",
    "format_number",
    "format_parcels",
    "format_value",
    "in_sentence",
    "in_unit",
    "label_unit",
    "line_height_in",
    "name_in",
    "rc_size",
    "split_rows",
    "text_width_in",
    "text_width_pt",
    "use_colour",
    "use_key",
    "wrap",
    "wrapped",
]

LANGS = ("zh", "en")


def check_lang(lang: str) -> None:
    """Refuse a language other than LANGS with a one-line AnalysisError."""
    if lang not in LANGS:
        raise AnalysisError(f"charts: unknown language {lang!r}; expected one of {', '.join(LANGS)}")


def chart_text(key: str, lang: str, **values: Any) -> str:
    """A chart text from the label table, with {placeholders} filled in."""
    template = WORDING.label("chart_text", key, lang).replace("\\n", "\n")  # wording.csv writes a break as \n
    return template.format(**values) if values else template


def format_number(value: float, digits: int = 2, lang: str = "zh", *, trim: bool = False) -> str:
    """A number for display, 3,771.41 in either language (`lang` kept for callers); `trim` drops zeros."""
    text = f"{value:,.{digits}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_value(value: float, unit: str, lang: str = "zh", digits: int = 2, *, trim: bool = False) -> str:
    """A number with its unit: 972.49万元/亩, 41.4%, 3,771.3 mu (unit: a label key of group unit_suffix)."""
    number = format_number(value, digits, lang, trim=trim)
    suffix = WORDING.label("unit_suffix", unit, lang)
    if lang == "zh" or not suffix or suffix.startswith("%"):
        return f"{number}{suffix}"
    return f"{number} {suffix}"


def format_change(value: float, unit: str, lang: str = "zh", digits: int = 1) -> str:
    """A change with its sign: +9.2%, −51.26 (a true minus); `unit` a unit_suffix key, or "" for none."""
    number = format_value(abs(value), unit, lang, digits) if unit else format_number(abs(value), digits, lang)
    if round(value, digits) == 0:
        return number
    return ("+" if value > 0 else "\u2212") + number


def format_parcels(n: int, lang: str) -> str:
    """27宗 / 27 parcels (1 parcel)."""
    return format_value(n, "parcel" if lang == "en" and n == 1 else "parcels", lang, 0)


def in_sentence(name: str, lang: str) -> str:
    """A label used inside an English sentence: 'Cultivated land' -> 'cultivated land'."""
    return name[:1].lower() + name[1:] if lang == "en" and name[1:2].islower() else name


# --- measuring and wrapping ------------------------------------------------------------------


def rc_size(key: str) -> float:
    """A font size of the current rcParams in points ('ytick.labelsize' ...)."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    value = mpl.rcParams[key]
    return float(value) if isinstance(value, int | float) else FontProperties(size=value).get_size_in_points()


_WORD = re.compile(  # break at spaces and punctuation, never inside a number (3,771.3)
    r"\s+|(?:[^\s，、；：。,;:]|(?<=\d),(?=\d))+[，、；：。,;:]*|[，、；：。,;:]+"
)
_TOKEN = re.compile(  # a book title and a short aside stay whole ('（三大' / '类）' on a phone); brackets with a word
    r"\s+|《[^》]{1,24}》[，、；：。,;:]*|（[^）\s]{1,6}）[，、；：。,;:]*|[（(“]*(?:[0-9A-Za-z][0-9A-Za-z.,%'’/+×=\-]*|\S)[）)》”，。、；：,.;:%]*"
)


@cache
def _measurer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, 72)  # at 72 dpi a pixel is a point


@lru_cache(maxsize=8192)
def text_width_pt(text: str, size: float) -> float:
    """Width of a one-line text in points, as drawn with the house fonts (cached: measuring is slow)."""
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(family=theme.FONT_FAMILY, size=size)
    return _measurer().get_text_width_height_descent(text, prop, ismath=False)[0]


_LABEL_END = ("：", ":")  # 数据来源：, Note: -- the text after a label starts on the label's line


def _tokens(text: str, size: float, width_in: float) -> list[str]:
    """Words between spaces and punctuation; a word too wide for a line is split into characters."""
    out: list[str] = []
    for word in _WORD.findall(text):
        out += (
            [word] if word.isspace() or text_width_pt(word, size) <= width_in * 72 else _TOKEN.findall(word)
        )
    return out


def _greedy(text: str, size: float, width_in: float, *, labels: bool = True) -> list[str]:
    """Lines filled token by token; a line's width is the sum of its tokens' (each measured once).

    A line holding only a label (数据来源：, Note:) is not ended there (unless
    `labels` is False): the next word is split into characters and the line
    filled with them.
    """
    limit = width_in * 72 * 0.98  # a little room for kerning between tokens
    lines: list[str] = []
    line, width = "", 0.0
    tokens = _tokens(text, size, width_in)
    while tokens:
        token = tokens.pop(0)
        token_width = text_width_pt(token, size)
        if line.strip() and not token.isspace() and width + token_width > limit:
            pieces = _TOKEN.findall(token)
            if labels and _label_only(line) and len(pieces) > 1:
                tokens[:0] = pieces  # a label alone: fill its line with the next word's characters
                continue
            lines.append(line.rstrip())
            line, width = token.lstrip(), (0.0 if token.isspace() else token_width)
        else:
            line, width = line + token, width + token_width
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def wrap(text: str, size: float, width_in: float, *, balance: bool = True) -> list[str]:
    """Line breaks so that each line fits `width_in` at `size` points (of even length if `balance`)."""
    lines = _greedy(text, size, width_in)
    if balance and len(lines) > 1:
        even = text_width_pt(text, size) / 72 / len(lines)
        for factor in (1.02, 1.1, 1.2, 1.35):  # narrower lines break between words, a label never alone
            trial = _greedy(text, size, min(width_in, even * factor), labels=False)
            if len(trial) == len(lines) and not any(_label_only(line) for line in trial):
                return trial
    return lines


def _label_only(line: str) -> bool:
    """A line that is only a label and its colon: 数据来源：, Note:."""
    return line.rstrip().endswith(_LABEL_END) and len(_WORD.findall(line.strip())) == 1


def text_width_in(text: str, size: float) -> float:
    """Width in inches of the longest line of a text."""
    return max(text_width_pt(line, size) for line in text.split("\n")) / 72


def fits_centred(text: str, size: float, segment_in: float) -> bool:
    """Whether a label fits centred on a bar's segment `segment_in` wide (else it goes under it), with a little
    room to spare: the pictures (draw.py) and the decks' native charts decide alike."""
    return text_width_in(text, size) + 0.1 <= segment_in


def line_height_in(size: float) -> float:
    """Height of a line of text at `size` points, in inches (line spacing included)."""
    return size * 1.2 / 72


def wrapped(text: str, size: float, width_in: float) -> str:
    """The text of `wrap` as one string with line breaks."""
    return "\n".join(wrap(text, size, width_in))


_CHINESE_ASIDE = re.compile(r"\s*[（(][^）)]*[\u4e00-\u9fff][^）)]*[）)]")


def name_in(row: dict, column: str, lang: str) -> str:
    """A label column in the chart language (use_type / use_type_en); English without Chinese asides."""
    value = row.get(f"{column}_en") if lang == "en" else row.get(column)
    if value is None:
        return str(row.get(column))
    return _CHINESE_ASIDE.sub("", str(value)) if lang == "en" else str(value)


def use_key(zh) -> str:
    """The label key of a use type written in Chinese (工业 -> industrial), else the Chinese."""
    return vocabulary.code_of("use_type", str(zh)) or str(zh)


def use_colour(row: dict) -> str:
    """The use type's colour; one not in palette.csv yet (another report's) is drawn in neutral grey."""
    return theme.color("use_type", use_key(row["use_type"]), theme.color("role", "unlisted"))


def class_key(row: dict) -> str:
    """The label key of a land class (农用地 -> agricultural), else the Chinese."""
    return vocabulary.code_of("land_class", str(row["land_class"])) or str(row["land_class"])


def in_unit(value: float, unit: str, shown: str) -> float:
    """A table value in `unit` as shown in `shown` (元 -> 亿元), exactly converted, then a float."""
    return float(convert(Fraction(value), unit, shown))


_LABEL_UNITS_EN = {"%": "%", "亩": " mu", "公顷": " ha", "平方公里": " km²"}


def label_unit(unit: str, lang: str) -> str:
    """The unit after a value label: the report's in Chinese (万元/亩, 亩, %); in English the short ones
    (mu, ha, %) and none for money or counts, which the axis title names (CNY million)."""
    if lang == "zh":
        return unit
    return _LABEL_UNITS_EN.get(unit, "")


def split_rows(rows: list[dict]) -> tuple[dict | None, list[dict]]:
    """(the stated 出让 total, the use types) of transfer_ratios rows: the parts the report lists."""
    total = next((r for r in rows if r["item_id"] == "transfer.total"), None)
    return total, [r for r in rows if not r["is_total"]]
