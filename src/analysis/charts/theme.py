"""The house chart style: one base size set scaled by a context, fonts, colours, slide sizes.

    with theme("slide"):          # a block; rcParams are restored afterwards
        fig = ...
    set_theme("notebook")         # one call for a whole notebook session

In the manner of seaborn's rcmod: `theme_rc(context)` is a plain dict of
rcParams, a context ("notebook", "slide") scales the sizes, and `theme()`
is `matplotlib.rc_context` underneath, so no global state leaks out of a
chart function.

NOTES
- Chinese text uses the PyPI font `noto-cjk-sans-otc` (Noto Sans CJK,
  Regular), registered once per process with `fontManager.addfont`; nothing
  is written into matplotlib's folder. The family list
  ["DejaVu Sans", "Noto Sans CJK SC"] gives per-glyph fallback: Latin text
  and digits in DejaVu Sans, Chinese in Noto (needs matplotlib >= 3.11).
- A machine may also have a system copy of Noto Sans CJK (Debian
  fonts-noto-cjk) under the same family name; we put the PyPI file first so
  that every machine draws with the same file. Text is never bold, because
  the PyPI package has the Regular weight only and a bold request would pick
  a system Bold where one exists and a different face where none does.
- Colours come from patterns/palette.csv, keyed by the label keys of
  labels.csv (use_type/industrial, land_class/unused ...): one colour per
  use type and land class in every chart, from Paul Tol's colour-blind-safe
  'muted' scheme.
- Slide sizes are pinned in pixels at 200 dpi: a 16:9 slide is 13.333 in
  wide, 2666.67 px; matplotlib truncates the canvas size (int()), so
  13.333 in would give 2666 px. We use 2667 px (13.335 in), the nearest
  whole pixel, and 1333 px (6.665 in) for a half slide; both 1500 px high.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from ..errors import AnalysisError
from ..source.rules import rule_table, rules_dir

__all__ = [
    "CONTEXTS",
    "DPI",
    "FONT_FAMILY",
    "SLIDE_PIXELS",
    "color",
    "context_scale",
    "font_path",
    "palette",
    "register_fonts",
    "set_theme",
    "slide_inches",
    "theme",
    "theme_rc",
]

DPI = 200
# At DPI: a 16:9 slide, half of it, and a phone's portrait page (shown 390 px wide, its type stays
# readable), taller for a chart of two panels.
SLIDE_PIXELS = {
    "full": (2667, 1500),
    "half": (1333, 1500),
    "portrait": (1000, 1800),
    "portrait_tall": (1000, 2800),
}
FONT_FAMILY = ["DejaVu Sans", "Noto Sans CJK SC"]
CONTEXTS = {"notebook": 1.0, "phone": 1.25, "slide": 1.5}  # scale of every size in _BASE_SIZES
SVG_HASHSALT = "wujin-analysis"

# Sizes in points at scale 1 (seaborn's "notebook" values); a context multiplies them.
_BASE_SIZES = {
    "font.size": 12,
    "axes.labelsize": 12,
    "axes.titlesize": 13,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.title_fontsize": 12,
    "figure.titlesize": 17,
    "axes.linewidth": 1.0,
    "grid.linewidth": 0.8,
    "lines.linewidth": 1.5,
    "lines.markersize": 6,
    "patch.linewidth": 0.8,
    "xtick.major.width": 1.0,
    "ytick.major.width": 1.0,
    "xtick.major.size": 5,
    "ytick.major.size": 5,
    "xtick.major.pad": 4,
    "ytick.major.pad": 4,
    "axes.titlepad": 8,
    "axes.labelpad": 6,
}

_registered: str | None = None


def font_path() -> str:
    """Path of the Noto Sans CJK font file shipped by the PyPI package noto-cjk-sans-otc."""
    from noto_cjk_sans_otc import FONT_PATH

    return str(FONT_PATH)


def register_fonts() -> str:
    """Register the CJK font with matplotlib once per process; return its path.

    The PyPI file is moved ahead of any system copy of the same family, so
    charts look the same on every machine.
    """
    global _registered
    if _registered is not None:
        return _registered
    from matplotlib import font_manager

    path = font_path()
    manager = font_manager.fontManager
    if not any(entry.fname == path for entry in manager.ttflist):
        manager.addfont(path)  # also clears findfont's cache
    # A stable sort: our file first, everything else in its order.
    manager.ttflist.sort(key=lambda entry: entry.fname != path)
    clear = getattr(manager, "_findfont_cached", None)  # the order changed after any earlier lookup
    if clear is not None:
        clear.cache_clear()
    _registered = path
    return path


def context_scale(context: str) -> float:
    """The scale of a context ("notebook" 1.0, "slide" 1.5); AnalysisError for an unknown one."""
    if context not in CONTEXTS:
        raise AnalysisError(f"theme: unknown context {context!r}; expected one of {', '.join(CONTEXTS)}")
    return CONTEXTS[context]


def theme_rc(context: str = "notebook", font_scale: float = 1.0) -> dict[str, Any]:
    """The rcParams of the house style for a context (sizes in points)."""
    from cycler import cycler

    scale = context_scale(context)
    sizes = {key: value * scale * (font_scale if _is_font(key) else 1) for key, value in _BASE_SIZES.items()}
    text, muted, grid = color("role", "text"), color("role", "muted_text"), color("role", "grid")
    return {
        **sizes,
        "font.family": list(FONT_FAMILY),
        "font.weight": "normal",
        "axes.titleweight": "normal",
        "figure.titleweight": "normal",
        "axes.unicode_minus": True,
        "text.color": text,
        "axes.labelcolor": text,
        "axes.edgecolor": muted,
        "xtick.color": muted,
        "ytick.color": muted,
        "xtick.labelcolor": text,
        "ytick.labelcolor": text,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": False,
        "grid.color": grid,
        "axes.axisbelow": True,
        "axes.titlelocation": "left",
        "axes.prop_cycle": cycler(color=list(palette("use_type").values())),
        "legend.frameon": False,
        "figure.facecolor": "white",
        "axes.facecolor": "white",
        "savefig.facecolor": "white",
        "figure.dpi": 100,
        "savefig.dpi": DPI,
        "svg.fonttype": "path",
        "svg.hashsalt": SVG_HASHSALT,
        "pdf.fonttype": 42,
    }


def _is_font(key: str) -> bool:
    return key.endswith(("size", "titlesize", "labelsize", "fontsize")) and "major.size" not in key


@contextmanager
def theme(context: str = "notebook", font_scale: float = 1.0) -> Iterator[dict[str, Any]]:
    """The house style inside a `with` block; every rcParam is restored on exit."""
    import matplotlib

    register_fonts()
    rc = theme_rc(context, font_scale)
    with matplotlib.rc_context(rc):
        yield rc


def set_theme(context: str = "notebook", font_scale: float = 1.0) -> None:
    """Apply the house style for the rest of the session (notebooks): one call."""
    import matplotlib

    register_fonts()
    matplotlib.rcParams.update(theme_rc(context, font_scale))


def slide_inches(size: str = "full") -> tuple[float, float]:
    """Figure size in inches of a slide ('full') or half slide ('half') at DPI."""
    if size not in SLIDE_PIXELS:
        raise AnalysisError(f"theme: unknown slide size {size!r}; expected one of {', '.join(SLIDE_PIXELS)}")
    width, height = SLIDE_PIXELS[size]
    return width / DPI, height / DPI


@cache
def _palette() -> dict[tuple[str, str], str]:
    rows = rule_table(rules_dir(__file__), "palette", ("group", "key", "color"), ("note",))
    return {(r["group"], r["key"]): r["color"] for r in rows}


def palette(group: str) -> dict[str, str]:
    """{label key: hex colour} of one group (use_type, land_class, channel, role)."""
    found = {key: value for (g, key), value in _palette().items() if g == group}
    if not found:
        raise AnalysisError(f"patterns/palette.csv: no colours for group {group!r}")
    return found


def color(group: str, key: str, fallback: str | None = None) -> str:
    """The hex colour of a label key, e.g. color('use_type', 'industrial').

    A key with no row in palette.csv raises, unless a `fallback` colour is given.
    """
    found = _palette().get((group, key))
    if found is not None:
        return found
    if fallback is not None:
        return fallback
    raise AnalysisError(f"patterns/palette.csv: no colour for {group}/{key}")
