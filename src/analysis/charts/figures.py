"""Chart files: PNG at slide size (200 dpi) and SVG whose text is text (a planner can edit a label).

    save_figure(fig, "price_per_mu", "zh")   # figures/zh/price_per_mu.png and .svg
    save_variants("price_per_mu", None, "zh", Path("figures"))   # the three variants below
    export_all(Path("figures"))              # every chart of DECK_CHARTS, in Chinese and English

Variants of one chart, for the people who paste them (the build exports them, no notebook does):
    <out>/<lang>/<name>.png|svg         with title and source line (a page, a document)
    <out>/<lang>/bare/<name>.png|svg    no title, source line kept (a slide with its own title: the picture deck)
    <out>/<lang>/phone/<name>.png       portrait, for a phone's 390 px: panels one above the other

NOTES
- Sizes: a full slide is 2667 × 1500 px, a half slide 1333 × 1500 px (see
  theme.SLIDE_PIXELS for why 2667 and not 13.333 in × 200 = 2666.6 -> 2666);
  a figure of any other size is refused rather than stretched.
- Determinism: the SVG hash salt is fixed and the date is dropped from the
  SVG metadata; matplotlib writes no date into a PNG. One more source of
  difference remains: constrained layout (kiwisolver) can place an axes a
  last-bit-of-a-float differently from one run to the next, and matplotlib
  names each SVG clip path by a hash of its rectangle's full repr. The
  coordinates themselves are printed with 6 digits, so only those ids
  change; we renumber the hashed ids in order of appearance. Text placed
  by the layout can move by a millionth of a pixel between runs: SVG
  coordinates are cut to a thousandth. Rendering the same chart twice gives
  byte-identical files.
- SVG text is text (`svg.fonttype = "none"`): a planner can edit a label
  in Illustrator, Inkscape or PowerPoint; the font named is Noto Sans CJK
  SC (with DejaVu Sans for Latin), which a machine without it replaces by
  its own Chinese face.
- A glyph missing from every font (drawn as a box) fails the export with
  BuildError instead of shipping a chart with boxes in it.
- Writes are atomic: each file is written next to its target and renamed
  over it (output.write_bytes_atomic), so an error leaves the old file.
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BuildError
from ..files import write_bytes_atomic
from . import theme

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "BARE_DIR",
    "FORMATS",
    "PHONE_DIR",
    "export_all",
    "figure_size_name",
    "png_bytes",
    "save_figure",
    "save_variants",
]

FORMATS = ("png", "svg")
BARE_DIR = "bare"  # under <out>/<lang>/: without title, with source line (the picture deck)
PHONE_DIR = "phone"  # under <out>/<lang>/: portrait, for a phone (present.PHONE_DIR)
_NAME = re.compile(r"[a-z0-9][a-z0-9_]*")
_REFUSED = (r"Glyph \d+ .* missing from font", r"constrained_layout not applied")
_HASHED_ID = re.compile(rb'id="([a-zA-Z])([0-9a-f]{10})"')
_PRECISE = re.compile(
    rb"(?<![#\w])(\d+\.\d{3})\d+"
)  # coordinates to 1/1000 px: a layout's last-bit jitter goes


def figure_size_name(fig: Figure) -> str:
    """'full' or 'half': which slide size the figure is, in pixels at theme.DPI (BuildError otherwise)."""
    width, height = (round(inches * theme.DPI, 6) for inches in fig.get_size_inches())
    for name, (w, h) in theme.SLIDE_PIXELS.items():
        if (int(width), int(height)) == (w, h):
            return name
    sizes = ", ".join(f"{n} {w}×{h}" for n, (w, h) in theme.SLIDE_PIXELS.items())
    raise BuildError(f"figure is {width:g}×{height:g} px at {theme.DPI} dpi; expected a slide size ({sizes})")


def _render(fig: Figure, fmt: str, where: str) -> bytes:
    import matplotlib

    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else None
    with warnings.catch_warnings():
        for message in _REFUSED:
            warnings.filterwarnings("error", message=message, category=UserWarning)
        rc = {"svg.fonttype": "none", "svg.hashsalt": theme.SVG_HASHSALT}
        try:
            with matplotlib.rc_context(rc):
                fig.savefig(buffer, format=fmt, dpi=theme.DPI, metadata=metadata)
        except UserWarning as exc:
            raise BuildError(f"{where}: {exc}") from None
    data = buffer.getvalue()
    return _renumber_ids(_PRECISE.sub(rb"\1", data)) if fmt == "svg" else data


def png_bytes(fig: Figure) -> bytes:
    """The PNG save_figure would write (200 dpi, no date), as bytes."""
    figure_size_name(fig)
    return _render(fig, "png", "figure")


def _renumber_ids(svg: bytes) -> bytes:
    """Hashed ids (p1eae3615cc) -> sequential ones (p0000000001) in order of first appearance."""
    names: dict[bytes, bytes] = {}
    for match in _HASHED_ID.finditer(svg):
        old = match.group(1) + match.group(2)
        names.setdefault(old, match.group(1) + b"%010d" % (len(names) + 1))
    if not names:
        return svg
    pattern = re.compile(rb"(?<=[\"#])(" + b"|".join(re.escape(old) for old in names) + rb")(?=[\")])")
    return pattern.sub(lambda m: names[m.group(1)], svg)


def save_figure(
    fig: Figure,
    name: str,
    lang: str = "zh",
    out_dir: Path = Path("figures"),
    formats: tuple[str, ...] = FORMATS,
    subdir: str = "",
    report_dir: str = "",
) -> list[Path]:
    """Write `<out_dir>/<lang>/[<report_dir>/][<subdir>/]<name>.png` (200 dpi, slide size) and `.svg`; return
    the paths (the build puts each report's charts in a folder of its own, figures/<lang>/<report_id>/).

    Every file is rendered before any is written, so a failure writes nothing.
    `formats=("png",)` writes only the PNG (the deck's pictures).
    """
    if not _NAME.fullmatch(name):
        raise BuildError(f"figure name {name!r}: expected lower-case letters, digits and '_'")
    if lang not in ("zh", "en"):
        raise BuildError(f"figure {name}: unknown language {lang!r}; expected zh or en")
    figure_size_name(fig)
    folder = Path(out_dir) / lang / report_dir / subdir
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise BuildError(f"figure {name}: unknown format(s) {sorted(unknown)}; expected {FORMATS}")
    rendered = {fmt: _render(fig, fmt, str(folder / f"{name}.{fmt}")) for fmt in formats}
    paths = []
    for fmt, data in rendered.items():
        path = folder / f"{name}.{fmt}"
        write_bytes_atomic(path, data)
        paths.append(path)
    return paths


def save_variants(name: str, report, lang: str, out_dir: Path, report_dir: str = "") -> list[Path]:
    """Render and save the three variants of chart `name` (see the module's docstring); the full one first."""
    from . import render
    from .render import reading

    with reading():  # the three read the same tables
        full = render(name, report, lang, context="slide")
        bare = render(name, report, lang, context="slide", title=False)
        phone = render(name, report, lang, context="phone", portrait=True)
    out_dir = Path(out_dir)
    return [
        *save_figure(full, name, lang, out_dir, report_dir=report_dir),
        *save_figure(bare, name, lang, out_dir, subdir=BARE_DIR, report_dir=report_dir),
        *save_figure(phone, name, lang, out_dir, subdir=PHONE_DIR, formats=("png",), report_dir=report_dir),
    ]


def export_all(
    out_dir: Path, report=None, langs: tuple[str, ...] = ("zh", "en"), *, names: list[str] | None = None
) -> list[Path]:
    """Every variant of every chart of DECK_CHARTS (or `names`) in each language; return the files."""
    from . import DECK_CHARTS
    from .render import reading

    paths: list[Path] = []
    with reading():
        for lang in langs:
            for name in names or list(DECK_CHARTS):
                paths += save_variants(name, report, lang, out_dir)
    return paths
