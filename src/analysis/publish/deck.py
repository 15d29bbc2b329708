"""Slide decks for planners: editable charts, and the same slides with the charts as pictures.

    write_decks(folder, "wujin_2024", pictures, built_at)
    # charts_zh.pptx, charts_en.pptx                    editable (native) PowerPoint charts
    # charts_zh_pictures.pptx, charts_en_pictures.pptx  the 200 dpi pictures of figures/

Each deck: a title slide (report title, publisher, year, build date), then
one 16:9 slide per chart. The title is in the layout's title placeholder (the
outline view and Reuse Slides list it); the finding sits under it on an
editable slide; the caveats and the source line are in the footer area; no
text box overlaps the chart. The speaker notes give the finding in one
sentence, the caveats and the report's own words the numbers come from. The
editable chart and the picture are two renderers of one chart spec, so they
show the same bars, labels and reference lines. Every chart and picture has alt text (its title
and message). The file's properties (title, subject, author, dates) are set
at build time.

NOTES
- python-pptx refuses SVG, so picture slides carry the 200 dpi PNG, drawn
  without title and source line (the slide has both as text).
- python-pptx's default template is 4:3 and carries properties from 2013
  (last modified by the library's author): the layouts are widened to 16:9
  and every core property is written here.
- `font.name` sets only the Latin font; Chinese needs the East Asian font on
  each run's <a:ea>. We name 微软雅黑 (Microsoft YaHei), which every Windows
  PowerPoint and WPS has; elsewhere the viewer substitutes its own CJK face
  (LibreOffice on Debian uses Noto Sans CJK).
- Text is measured with the charts' fonts (charts.text.wrap) to size the
  footer and to keep a title to two lines; Noto and DejaVu are at least as
  wide as YaHei and Arial, so what fits here fits there.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ..charts import DECK_CHARTS, LANGS, theme
from ..charts.native import SlideChart, slide_chart
from ..charts.render import reading
from ..charts.text import wrap
from ..errors import BuildError
from ..present.naming import document_name
from ..source.reports import load_report
from .native_chart import EAST_ASIAN_FONT, LATIN_FONT, add_chart, set_fonts
from .wording import WORDING

__all__ = [
    "EAST_ASIAN_FONT",
    "LATIN_FONT",
    "SLIDE_IN",
    "chart_slide",
    "deck_name",
    "new_deck",
    "title_slide",
    "write_decks",
    "write_editable_decks",
    "write_picture_decks",
    "write_picture_decks_from",
]

SLIDE_IN = (13.333, 7.5)  # 16:9
_MARGIN = 0.5  # left and right, in inches
_TITLE_TOP, _TITLE_PT, _MIN_TITLE_PT = 0.3, 28, 18
_MESSAGE_PT, _FOOTER_PT = 16, 11
_GAP = 0.12  # between the title, the message, the chart and the footer
_INSET_W, _INSET_H = 0.1, 0.05  # a text frame's default insets (left/right, top/bottom)
_PANEL_GAP = 0.3  # between two charts of one slide
_LINE = 1.2  # PowerPoint's single line spacing, against the font size


def deck_name(lang: str, pictures: bool = False) -> str:
    return f"charts_{lang}{'_pictures' if pictures else ''}.pptx"


def _text(key: str, lang: str, **values) -> str:
    return WORDING.label("deck", key, lang).format(**values)


def write_decks(
    folder: Path,
    report_id: str,
    pictures: dict[tuple[str, str], Path],
    built_at: datetime | None = None,
    names: tuple[str, ...] = DECK_CHARTS,
) -> list[Path]:
    """Write the editable and the picture deck in each language into `folder`; return the paths.

    `pictures[(lang, name)]` is each chart's PNG without title and source line.
    """
    with reading():  # both kinds of deck read the same tables
        editable = write_editable_decks(folder, report_id, built_at, names)
        return editable + write_picture_decks(folder, report_id, pictures, built_at, names)


def write_editable_decks(
    folder: Path, report_id: str, built_at: datetime | None = None, names: tuple[str, ...] = DECK_CHARTS
) -> list[Path]:
    """The decks of native charts (charts_<lang>.pptx): they read the tables only, so the build
    writes them while the notebooks run."""
    with reading():
        return [_write(folder, report_id, lang, None, built_at, names) for lang in LANGS]


def write_picture_decks(
    folder: Path,
    report_id: str,
    pictures: dict[tuple[str, str], Path],
    built_at: datetime | None = None,
    names: tuple[str, ...] = DECK_CHARTS,
) -> list[Path]:
    """The decks of 200 dpi pictures (charts_<lang>_pictures.pptx), once the notebooks saved them."""
    with reading():
        return [_write(folder, report_id, lang, pictures, built_at, names) for lang in LANGS]


def write_picture_decks_from(folder: str | Path, report_id: str, figures: str | Path) -> list[Path]:
    """The picture decks from the exported charts: figures/<lang>/<report_id>/bare/<chart>.png (no title: the
    slide has it; the picture keeps the finding, the notes and the source line)."""
    from ..charts.figures import BARE_DIR

    pictures = {
        (lang, png.stem): png
        for lang in LANGS
        for png in sorted((Path(figures) / lang / report_id / BARE_DIR).glob("*.png"))
    }
    from ..charts.render import absent

    left_out = absent(report_id)
    missing = [
        f"{lang}/{name}.png"
        for name in DECK_CHARTS
        for lang in LANGS
        if (lang, name) not in pictures and name not in left_out
    ]
    if missing:  # a notebook left out of the build: say which charts, not a KeyError of this job
        raise BuildError(
            f"figures/{', '.join(missing)}: not exported (the build exports every chart of charts.DECK_CHARTS)"
        )
    return write_picture_decks(Path(folder), report_id, pictures)


def _write(folder, report_id: str, lang: str, pictures, built_at: datetime | None, names) -> Path:
    built_at = (built_at or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None, microsecond=0)
    report = load_report(report_id)
    theme.register_fonts()  # text is measured with the charts' fonts
    with_pictures = pictures is not None
    from ..charts.render import absent, left_out_line

    deck = new_deck()
    left_out = absent(report)
    notes = [left_out_line(n, left_out[n], lang) for n in names if n in left_out]
    _properties(deck, report, lang, built_at, with_pictures)  # first: each chart's workbook takes its date
    _report_title(deck, report, lang, built_at, with_pictures, notes)
    for name in (n for n in names if n not in left_out):
        chart = slide_chart(name, report, lang)
        chart_slide(deck, chart, pictures[(lang, chart.name)] if with_pictures else None)
    path = Path(folder) / deck_name(lang, with_pictures)
    path.parent.mkdir(parents=True, exist_ok=True)
    deck.save(str(path))
    return path


def new_deck():
    """python-pptx's default template, 16:9, its master and layouts widened to match."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    factor = SLIDE_IN[0] * 914400 / deck.slide_width
    deck.slide_width, deck.slide_height = Inches(SLIDE_IN[0]), Inches(SLIDE_IN[1])
    for holder in [deck.slide_master, *deck.slide_layouts]:
        for shape in holder.placeholders:
            left, width = shape.left, shape.width
            if left is not None and width is not None:
                shape.left, shape.width = round(left * factor), round(width * factor)
    return deck


def _fit_title(text: str, width_in: float) -> tuple[int, list[str]]:
    """(size in points, lines): the largest size up to _TITLE_PT at which the title takes two lines at
    most, broken into lines of even length (a title's last word never stands alone on its line)."""
    room = width_in - 2 * _INSET_W
    for size in range(_TITLE_PT, _MIN_TITLE_PT - 1, -2):
        lines = wrap(text, size, room)
        if len(lines) <= 2:
            return size, lines
    return _MIN_TITLE_PT, wrap(text, _MIN_TITLE_PT, room)


def _title_text(lines: list[str], lang: str) -> str:
    """The lines as one title with line breaks (\v, a line break inside the paragraph)."""
    return ("\v" if lang == "zh" else " \v").join(lines) if len(lines) > 1 else lines[0]


def _style(frame, size_pt: float, colour: str, bold: bool = False) -> None:
    """Size, colour and both fonts on every run of a text frame."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size_pt)
            run.font.bold = bold
            run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
            properties = run._r.get_or_add_rPr()
            # the Section Header layout sets all caps: 'XISHAN DISTRICT: 2023 TO…'
            properties.set("cap", "none")
            set_fonts(properties)


def _fill(frame, paragraphs: list[str]) -> None:
    from pptx.enum.text import MSO_AUTO_SIZE

    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.text = paragraphs[0]
    for text in paragraphs[1:]:
        frame.add_paragraph().text = text


def _place_title(slide, text: str, lang: str) -> float:
    """The slide's title placeholder at the top, sized to two lines at most; returns its bottom (in)."""
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches

    width = SLIDE_IN[0] - 2 * _MARGIN
    size, lines = _fit_title(text, width)
    height = len(lines) * size * _LINE / 72 + 2 * _INSET_H + 0.05
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = (
        Inches(_MARGIN),
        Inches(_TITLE_TOP),
        Inches(width),
        Inches(height),
    )
    _fill(title.text_frame, [_title_text(lines, lang)])
    _style(title.text_frame, size, theme.color("role", "text"), bold=True)
    title.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    return _TITLE_TOP + height


def _text_box(slide, top: float, paragraphs: list[str], size: float, colour: str):
    """A text box across the slide at `top`, as high as its wrapped lines; returns (shape, height in)."""
    from pptx.util import Inches

    width = SLIDE_IN[0] - 2 * _MARGIN
    lines = sum(len(wrap(p, size, width - 2 * _INSET_W, balance=False)) for p in paragraphs)
    height = lines * size * _LINE / 72 + 2 * _INSET_H + 0.05
    box = slide.shapes.add_textbox(Inches(_MARGIN), Inches(top), Inches(width), Inches(height))
    _fill(box.text_frame, paragraphs)
    _style(box.text_frame, size, colour)
    return box, height


def _footer(slide, paragraphs: list[str]) -> float:
    """Caveats and the source line at the foot of the slide; returns the top of the footer (in)."""
    from pptx.util import Inches

    box, height = _text_box(slide, 0, paragraphs, _FOOTER_PT, theme.color("role", "muted_text"))
    top = SLIDE_IN[1] - 0.2 - height
    box.top = Inches(top)
    box.name = "Footer"
    return top


def _report_title(deck, report, lang: str, built_at: datetime, pictures: bool, left_out=()) -> None:
    """The report's name, publisher, year and build date; the charts left out (and why) in its notes."""
    district = report.district if lang == "zh" else report.district_en
    publisher = report.publisher if lang == "zh" else report.publisher_en
    heading = _text("title_pictures" if pictures else "title", lang, name=document_name(report, lang))
    lines = [
        _text("publisher", lang, publisher=publisher or district),
        _text("year", lang, year=report.year),
        _text("built", lang, date=built_at.date().isoformat()),
    ]
    slide = title_slide(deck, heading, lines, lang)
    if left_out:
        _fill(slide.notes_slide.notes_text_frame, list(left_out))


def title_slide(deck, heading: str, lines: list[str], lang: str, layout: int = 0):
    """A slide of the layout (0 Title Slide, 2 Section Header) with the heading in its title placeholder, at
    most two lines, and `lines` under it; returns the slide."""
    from pptx.util import Inches

    slide = deck.slides.add_slide(deck.slide_layouts[layout])
    width = SLIDE_IN[0] - 4 * _MARGIN
    size, heading_lines = _fit_title(heading, width)
    placeholders = {p.placeholder_format.idx: p for p in slide.placeholders}
    for idx, text, top, height in ((0, [_title_text(heading_lines, lang)], 2.0, 1.6), (1, lines, 3.9, 1.6)):
        shape = placeholders[idx]
        shape.left, shape.top, shape.width, shape.height = (
            Inches(2 * _MARGIN),
            Inches(top),
            Inches(width),
            Inches(height),
        )
        _fill(shape.text_frame, text)
    _style(placeholders[0].text_frame, size, theme.color("role", "text"), bold=True)
    _style(placeholders[1].text_frame, 18, theme.color("role", "muted_text"))
    return slide


def chart_slide(deck, chart: SlideChart, picture: Path | None) -> None:
    """One chart: title placeholder, finding, chart (native) or picture, footer, alt text, speaker notes."""
    from pptx.util import Inches

    slide = deck.slides.add_slide(deck.slide_layouts[5])  # Title Only
    top = _place_title(slide, chart.title, chart.lang) + _GAP
    note = [_text("note", chart.lang, text=n) for n in chart.notes]
    bottom = (_footer(slide, [*note, chart.source]) if picture is None else SLIDE_IN[1] - 0.2) - _GAP
    alt = _text("alt", chart.lang, title=chart.title, message=chart.message or "").strip()
    if picture is not None:
        shapes = [_picture(slide, picture, top, bottom)]
    else:
        if chart.message:
            box, height = _text_box(
                slide, top, [chart.message], _MESSAGE_PT, theme.color("role", "muted_text")
            )
            box.name = "Finding"
            top += height + _GAP
        width = SLIDE_IN[0] - 2 * _MARGIN
        panels = chart.spec.panels
        room = width - _PANEL_GAP * (len(panels) - 1)
        total = sum(p.width for p in panels)
        left, shapes = _MARGIN, []
        for panel in panels:
            share = room * panel.width / total
            box = (Inches(left), Inches(top), Inches(share), Inches(bottom - top))
            group = add_chart(slide, panel, box)
            shapes.append(next(s for s in group.shapes if s.has_chart))
            left += share + _PANEL_GAP
    for shape in shapes:
        _alt_text(shape, chart.title, alt)
    _speaker_notes(slide, chart)


def _picture(slide, path: Path, top: float, bottom: float):
    """The picture, as large as fits between title and footer, centred, its aspect kept."""
    from PIL import Image
    from pptx.util import Inches

    with Image.open(path) as image:
        aspect = image.width / image.height
    room_w, room_h = SLIDE_IN[0] - 2 * _MARGIN, bottom - top
    width = min(room_w, room_h * aspect)
    height = width / aspect
    left = (SLIDE_IN[0] - width) / 2
    return slide.shapes.add_picture(
        str(path), Inches(left), Inches(top + (room_h - height) / 2), Inches(width), Inches(height)
    )


def _alt_text(shape, title: str, description: str) -> None:
    """What a screen reader says for a chart or picture: its title and its message."""
    (properties,) = shape._element.xpath("./*[1]/p:cNvPr")
    properties.set("title", title)
    properties.set("descr", description)


def _speaker_notes(slide, chart: SlideChart) -> None:
    lang = chart.lang
    lines = []
    if chart.message:
        lines.append(_text("finding", lang, text=chart.message))
    lines += [_text("caveat", lang, text=n) for n in chart.notes]
    if chart.quotes:
        lines.append(_text("quotes", lang))
        lines += [_text("quote", lang, text=q) for q in chart.quotes]
    frame = slide.notes_slide.notes_text_frame
    _fill(frame, lines)
    _style(frame, 12, theme.color("role", "text"))


def _properties(deck, report, lang: str, built_at: datetime, pictures: bool) -> None:
    """Every core property, none left from the template: title, subject, author, dates, language."""
    values = {
        "district": report.district if lang == "zh" else report.district_en,
        "title": report.title if lang == "zh" else report.title_en,
        "year": report.year,
        "name": document_name(report, lang),
    }
    core = deck.core_properties
    core.title = _text("title_pictures" if pictures else "title", lang, **values)
    core.subject = _text("subject_pictures" if pictures else "subject", lang, **values)
    core.author = (report.publisher if lang == "zh" else report.publisher_en) or values["district"]
    core.last_modified_by = "wujin-land-analysis"
    core.keywords = _text("keywords", lang, **values)
    core.comments = _text("comments", lang)
    core.category = _text("category", lang)
    core.language = "zh-CN" if lang == "zh" else "en-US"
    core.identifier = report.report_id
    core.content_status = ""
    core.version = ""
    core.revision = 1
    core.created = core.modified = built_at
