"""Slide decks for planners: one chart per 16:9 slide, with its title and source line as text.

NOTES
- python-pptx refuses SVG, so slides carry the 200 dpi PNG.
- `font.name` sets only the Latin font; Chinese needs the East Asian font on
  each run's <a:ea> element. We name 微软雅黑 (Microsoft YaHei), which every
  Windows PowerPoint and WPS has; elsewhere the viewer substitutes its own
  CJK face (LibreOffice on Debian uses Noto Sans CJK).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["EAST_ASIAN_FONT", "LATIN_FONT", "Slide", "write_deck"]

EAST_ASIAN_FONT = "Microsoft YaHei"
LATIN_FONT = "Arial"
_SLIDE_W_IN, _SLIDE_H_IN = 13.333, 7.5
_TITLE_H_IN, _SOURCE_H_IN, _MARGIN_IN = 0.85, 0.45, 0.3


@dataclass(frozen=True)
class Slide:
    title: str
    image: Path  # PNG
    source_line: str


def _text_box(slide, left, top, width, height, text: str, size_pt: float, bold: bool = False):
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.name = LATIN_FONT
    properties = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):
        element = properties.find(qn(tag))
        if element is None:
            element = properties.makeelement(qn(tag), {})
            properties.append(element)
        element.set("typeface", EAST_ASIAN_FONT)
    return box


def write_deck(slides: list[Slide], out: Path, title: str) -> Path:
    """A .pptx with one slide per chart; pictures keep their aspect ratio, centred below the title."""
    from PIL import Image
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(_SLIDE_W_IN), Inches(_SLIDE_H_IN)
    deck.core_properties.title = title
    blank = deck.slide_layouts[6]
    for spec in slides:
        slide = deck.slides.add_slide(blank)
        _text_box(
            slide,
            Inches(_MARGIN_IN),
            Inches(0.15),
            Inches(_SLIDE_W_IN - 2 * _MARGIN_IN),
            Inches(_TITLE_H_IN),
            spec.title,
            26,
            bold=True,
        )
        room_w = _SLIDE_W_IN - 2 * _MARGIN_IN
        room_h = _SLIDE_H_IN - _TITLE_H_IN - _SOURCE_H_IN - 0.3
        with Image.open(spec.image) as image:
            aspect = image.width / image.height
        width = min(room_w, room_h * aspect)
        height = width / aspect
        left = (_SLIDE_W_IN - width) / 2
        top = 0.15 + _TITLE_H_IN + (room_h - height) / 2
        slide.shapes.add_picture(str(spec.image), Inches(left), Inches(top), Inches(width), Inches(height))
        _text_box(
            slide,
            Inches(_MARGIN_IN),
            Inches(_SLIDE_H_IN - _SOURCE_H_IN - 0.05),
            Inches(_SLIDE_W_IN - 2 * _MARGIN_IN),
            Inches(_SOURCE_H_IN),
            spec.source_line,
            12,
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    deck.save(str(out))
    return out
