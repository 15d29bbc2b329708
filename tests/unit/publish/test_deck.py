"""The decks read back with python-pptx: native charts with the tables' values, placeholder titles, a footer
that never touches the chart, speaker notes with the quotes, alt text, East Asian fonts, file properties."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PIL import Image

from analysis import charts, derive, tables
from analysis.charts import theme
from analysis.charts.native import slide_chart as _slide_chart
from analysis.charts.text import wrap
from analysis.publish import deck
from analysis.publish.deck import EAST_ASIAN_FONT, write_decks

BUILT_AT = datetime(2026, 11, 30, 8, 30, 0)
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PICTURE, CHART = 13, 3  # MSO_SHAPE_TYPE


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("decks")
    pictures = {}
    for lang in charts.LANGS:
        for name in charts.DECK_CHARTS:
            path = folder / "pictures" / lang / f"{name}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            Image.new("RGB", (267, 150) if charts.CHARTS[name].size == "full" else (133, 150), "white").save(
                path
            )
            pictures[(lang, name)] = path
    write_decks(folder, "wujin_2024", pictures, BUILT_AT)
    return folder


_SLIDES: dict[tuple[str, str], object] = {}


def slide_chart(name: str, report, lang: str):
    """What the deck says about a chart (computed once per module)."""
    if (name, lang) not in _SLIDES:
        _SLIDES[(name, lang)] = _slide_chart(name, report, lang)
    return _SLIDES[(name, lang)]


def _open(folder, lang, pictures=False):
    from pptx import Presentation

    return Presentation(str(folder / deck.deck_name(lang, pictures)))


def _box(shape):
    return (shape.left, shape.top, shape.left + shape.width, shape.top + shape.height)


def _intersects(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _flat(shapes):
    """The shapes of a slide, those inside a group (a chart and the marks drawn over it) included."""
    for shape in shapes:
        if shape.shape_type == 6:  # MSO_SHAPE_TYPE.GROUP
            yield from _flat(shape.shapes)
        else:
            yield shape


def _title(shape) -> str:
    return shape.text_frame.text.replace(" \x0b", " ").replace("\x0b", "")


CASES = [(lang, pictures) for lang in charts.LANGS for pictures in (False, True)]


def test_four_decks_are_written(decks):
    assert sorted(p.name for p in decks.glob("*.pptx")) == [
        "charts_en.pptx",
        "charts_en_pictures.pptx",
        "charts_zh.pptx",
        "charts_zh_pictures.pptx",
    ]


@pytest.mark.parametrize(("lang", "pictures"), CASES)
def test_a_title_slide_then_one_slide_per_chart_titled_in_its_placeholder(decks, lang, pictures):
    from pptx.enum.shapes import PP_PLACEHOLDER
    from pptx.util import Inches

    presentation = _open(decks, lang, pictures)
    assert (presentation.slide_width, presentation.slide_height) == (Inches(13.333), Inches(7.5))
    first, *slides = presentation.slides
    assert len(slides) == len(charts.DECK_CHARTS)
    cover = "\n".join(s.text_frame.text for s in first.placeholders)
    assert ("武进分局2024年工作总结" if lang == "zh" else "Wujin Branch, 2024 work summary") in cover
    assert ("常州市自然资源和规划局武进分局" if lang == "zh" else "Wujin Branch") in cover
    assert "2024" in cover and "2026-11-30" in cover  # report year and build date
    theme.register_fonts()
    for slide, name in zip(slides, charts.DECK_CHARTS, strict=True):
        title = slide.shapes.title
        assert title.is_placeholder and title.placeholder_format.type == PP_PLACEHOLDER.TITLE
        assert _title(title) == charts.chart_title(name, lang)  # the outline view lists this
        size = title.text_frame.paragraphs[0].runs[0].font.size.pt
        room = title.width / 914400 - 0.2  # less the frame's insets
        assert len(wrap(_title(title), size, room, balance=False)) <= 2, name  # two lines at its size


@pytest.mark.parametrize(("lang", "pictures"), CASES)
def test_no_text_box_touches_the_chart_and_the_footer_holds_notes_and_source(decks, lang, pictures):
    presentation = _open(decks, lang, pictures)
    for slide, name in zip(list(presentation.slides)[1:], charts.DECK_CHARTS, strict=True):
        spec = slide_chart(name, None, lang)
        drawn = [s for s in slide.shapes if s.shape_type in (PICTURE, 6)]  # a picture, or a chart's group
        texts = [s for s in slide.shapes if s.has_text_frame]
        assert drawn and texts
        for text in texts:
            for shape in drawn:
                assert not _intersects(_box(text), _box(shape)), (name, text.text_frame.text[:30])
        for shape in [*texts, *drawn]:  # all on the slide
            assert shape.left >= 0 and shape.top >= 0
            assert _box(shape)[2] <= presentation.slide_width and _box(shape)[3] <= presentation.slide_height
        footers = [s for s in texts if s.name == "Footer"]
        if pictures:  # the picture (figures/<lang>/bare/) carries its finding, notes and source line
            assert not footers
            continue
        (footer,) = footers
        assert footer.top > max(_box(s)[3] for s in drawn)  # below the chart
        lines = footer.text_frame.text.split("\n")
        assert lines[-1] == spec.source
        assert len(lines) == len(spec.notes) + 1
        assert all(note in line for note, line in zip(spec.notes, lines, strict=False))


@pytest.mark.parametrize("lang", charts.LANGS)
def test_every_chart_is_native_with_the_tables_values_and_house_colours(decks, lang):
    presentation = _open(decks, lang)
    found = {}
    for slide, name in zip(list(presentation.slides)[1:], charts.DECK_CHARTS, strict=True):
        frames = [s for s in _flat(slide.shapes) if s.has_chart]
        assert len(frames) == len(slide_chart(name, None, lang).spec.panels), name
        assert not [s for s in slide.shapes if s.shape_type == PICTURE]
        found[name] = [f.chart for f in frames]
    assert sum(len(v) for v in found.values()) == 8  # six charts, two of them with two panels

    def values(chart, series=0):
        return [None if v is None else round(v, 9) for v in chart.plots[0].series[series].values]

    ratios = derive.transfer_ratios()
    parts = ratios[~ratios["is_total"]].sort_values("price_wan_yuan_per_mu")
    # 7亿元 / 1545亩 = 45.31万元/亩 ... 152亿元 / 1563亩 = 972.49万元/亩; in English CNY million (9.72, look9)
    per = 1 if lang == "zh" else 100
    assert values(found["price_per_mu"][0]) == [round(v / per, 9) for v in parts["price_wan_yuan_per_mu"]]
    shares = found["area_and_proceeds_shares"][0]
    assert list(shares.plots[0].categories) == (
        ["出让金", "出让面积", "宗数"] if lang == "zh" else ["Proceeds", "Area", "Parcels"]
    )
    industrial = ratios.set_index("item_id").loc["transfer.industrial"]
    # 工业: 出让金 7 / 203.69 = 3.44 %, 面积 1545 / 3771.41 = 40.97 %, 宗数 27 / 56 = 48.21 %
    assert values(shares) == [
        round(industrial[c], 9) for c in ("revenue_share_pct", "area_share_pct", "parcels_share_pct")
    ]
    state, collective = found["land_supply_by_channel"]
    assert values(state, 0) == [None, 1545.0] and values(state, 4) == [
        3499.0,
        None,
    ]  # 工业 1545亩; 划拨 3499亩
    assert values(collective) == [4, 4, 1]  # 出让入市4宗, 入股4宗, 租赁入市1宗 (bottom first)
    land = tables.land_use().set_index("item_id")["area_ha"]
    structure = found["land_use_structure"][0]
    assert values(structure, 0) == [
        land["land_use.unused"],
        land["land_use.construction"],
        land["land_use.agricultural"],
    ]
    assert values(structure, 1) == [None, None, land["land_use.cultivated"]]  # 耕地 inside 农用地
    intensity = derive.development_intensity()["value"].round(9).tolist()
    assert values(found["development_intensity"][0]) == intensity  # 28032.9 / 88398.76 = 31.71 %
    rates, pairs = found["project_and_farmland_indicators"]
    assert values(rates, 0) == [100.0, 100.0, 100.0]  # the light 100 % track behind each rate
    assert values(rates, 1)[-1] == round(
        353 / 369 * 100, 9
    )  # 353个完成用地保障 of 区重大项目369个, at the top
    assert values(pairs) == [
        1939.0,
        5500.0,
        11608.0,
    ]  # farmland only, bottom first; no ratio of them anywhere
    price = found["price_per_mu"][0].plots[0].series[0]
    assert str(price.points[0].format.fill.fore_color.rgb) == theme.color("use_type", "industrial").lstrip(
        "#"
    )
    assert shares.plots[0].series[0].format.fill.fore_color.rgb == price.points[0].format.fill.fore_color.rgb
    assert state.value_axis.axis_title.text_frame.text == ("面积（亩）" if lang == "zh" else "Area (mu)")


@pytest.mark.parametrize(("lang", "pictures"), CASES)
def test_speaker_notes_alt_text_and_fonts(decks, lang, pictures):
    presentation = _open(decks, lang, pictures)
    for slide, name in zip(list(presentation.slides)[1:], charts.DECK_CHARTS, strict=True):
        spec = slide_chart(name, None, lang)
        notes = slide.notes_slide.notes_text_frame.text
        assert spec.message in notes.split("\n")[0]  # the finding first
        assert all(note in notes for note in spec.notes)
        assert spec.quotes and all(quote in notes for quote in spec.quotes)
        assert "只画在图片版" not in notes and "picture version" not in notes  # both show the same
        for shape in _flat(slide.shapes):
            if shape.shape_type == PICTURE or shape.has_chart:
                (properties,) = shape._element.xpath("./*[1]/p:cNvPr")
                assert properties.get("title") == spec.title
                assert spec.title in properties.get("descr") and spec.message in properties.get("descr")
        parts = [slide.part, slide.notes_slide.part]
        parts += [shape.chart.part for shape in _flat(slide.shapes) if shape.has_chart]
        for part in parts:
            runs = part._element.iter(f"{A}rPr", f"{A}defRPr") if hasattr(part, "_element") else []
            for properties in runs:
                ea = properties.find(f"{A}ea")
                assert ea is not None and ea.get("typeface") == EAST_ASIAN_FONT, (name, part.partname)


@pytest.mark.parametrize(("lang", "pictures"), CASES)
def test_file_properties_are_set_at_build_time_with_no_template_leftovers(decks, lang, pictures):
    core = _open(decks, lang, pictures).core_properties
    assert core.title.startswith(
        "武进分局2024年工作总结" if lang == "zh" else "Wujin Branch, 2024 work summary"
    )
    assert core.subject and core.keywords and core.language == ("zh-CN" if lang == "zh" else "en-US")
    assert core.author == (
        "常州市自然资源和规划局武进分局"
        if lang == "zh"
        else "Wujin Branch, Changzhou Natural Resources and Planning Bureau"
    )
    assert core.created == core.modified == BUILT_AT
    assert core.last_modified_by == "wujin-land-analysis" and core.revision == 1
    assert "python-pptx" not in (core.comments or "") and core.identifier == "wujin_2024"


@pytest.mark.parametrize("lang", charts.LANGS)
def test_the_editable_chart_shows_the_pictures_labels_and_lines(decks, lang):
    """Each label's number format, the 30 % line and the labels below narrow shares are in the deck."""
    presentation = _open(decks, lang)
    for slide, name in zip(list(presentation.slides)[1:], charts.DECK_CHARTS, strict=True):
        spec = slide_chart(name, None, lang).spec
        shapes = list(_flat(slide.shapes))
        xml = "".join(s.chart.part.blob.decode("utf-8") for s in shapes if s.has_chart)
        marks = [s.text_frame.text for s in shapes if s.name == "Chart label"]
        for panel in spec.panels:
            for _, _, bar in panel.bars():
                if bar.place in ("end", "inside", "center") and bar.text:
                    assert bar.number_format.replace('"', "&quot;") in xml, (name, bar.text)
                elif bar.place == "below":
                    assert bar.text in marks, (name, bar.text)
            for line in panel.lines:
                assert line.text in marks and any(s.name == "Reference line" for s in shapes), name


def test_chart_labels_that_look_like_formulas_are_text_in_the_embedded_workbook():
    """Issue 15: python-pptx writes the chart's workbook with XlsxWriter's write(), which made a category
    or series name beginning with '=' a formula (and 'http://…' a link) in what "Edit Data" opens."""
    import io

    from openpyxl import load_workbook
    from pptx import Presentation
    from pptx.util import Emu

    from analysis.charts.spec import Axis, Bar, Panel, Series
    from analysis.publish.native_chart import add_chart

    categories = ("=1+1", '=HYPERLINK("http://example.com","点此")', "http://example.com/a", "+1", "工业")
    names = ("=SUM(A1:A9)", "@cmd")
    bars = tuple(Bar(v, "#336699", 2) for v in (1.0, 2.0, 3.0, 4.0, 5.0))
    plot = Panel("bar", categories, tuple(Series(n, bars) for n in names), Axis("面积（亩）"))
    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    group = add_chart(slide, plot, (Emu(0), Emu(0), Emu(6_000_000), Emu(4_000_000)))
    frame = next(s for s in group.shapes if s.has_chart)
    blob = frame.chart.part.chart_workbook.xlsx_part.blob
    sheet = load_workbook(io.BytesIO(blob)).active
    cells = [sheet.cell(row, 1) for row in range(2, 2 + len(categories))]
    assert [(c.value, c.data_type) for c in cells] == [
        (text, "s") for text in reversed(categories)
    ]  # bottom-up
    heads = [sheet.cell(1, column) for column in (2, 3)]
    assert [(c.value, c.data_type) for c in heads] == [(name, "s") for name in names]
    assert not sheet._hyperlinks
    assert [sheet.cell(row, 2).value for row in range(2, 7)] == [5.0, 4.0, 3.0, 2.0, 1.0]  # bottom-up


@pytest.mark.parametrize("lang", charts.LANGS)
def test_a_label_below_a_narrow_first_segment_starts_after_the_axis(decks, lang):
    """look9: '3.4%' (工业's proceeds, a segment from 0 to 3.4%) was centred at 1.7%, so LibreOffice drew
    the axis through its first digit. A label below a segment starts right of the plot's left edge."""
    import re

    presentation = _open(decks, lang)
    slide = list(presentation.slides)[1 + charts.DECK_CHARTS.index("area_and_proceeds_shares")]
    shapes = list(_flat(slide.shapes))
    (frame,) = [s for s in shapes if s.has_chart]
    x = float(re.search(r'<c:x val="([\d.]+)"/>', frame.chart.part.blob.decode("utf-8"))[1])
    plot_left = frame.left + x * frame.width  # the inner plot area: c:manualLayout, layoutTarget inner
    labels = {s.text_frame.text: s for s in shapes if s.name == "Chart label"}
    assert "3.4%" in labels  # 7 / 203.69 = 3.4 % of the proceeds, below its bar
    assert all(s.left > plot_left for s in labels.values()), {
        t: s.left - plot_left for t, s in labels.items()
    }


def test_a_section_title_is_never_set_in_capitals():
    """look10 (comparisons deck via LibreOffice): the English section slides read 'XISHAN DISTRICT: 2023 TO
    2024, COMPARED', as the default template's Section Header layout sets cap="all"; the Chinese ones did not."""
    from analysis.publish import deck as decks

    deck = decks.new_deck()
    slide = decks.title_slide(
        deck, "Xishan District: 2023 to 2024, compared", ["Xishan 2023, Xishan 2024"], "en", 2
    )
    title = slide.placeholders[0].text_frame  # Section Header (layout 2), as compare_office uses it
    runs = [r for p in title.paragraphs for r in p.runs]
    assert runs and all(r._r.get_or_add_rPr().get("cap") == "none" for r in runs)


def test_an_english_comparisons_title_on_two_lines_keeps_its_words_apart(tmp_path, monkeypatch):
    """review12: compare_office set every title of the comparisons decks as a Chinese one, so an English title
    broken over two lines lost the space at its break ('…compared,\\vyear…': '…compared,year…' in the outline
    and to a screen reader); the report decks keep it (' \\v')."""
    from pptx import Presentation

    from analysis.publish import compare_office

    words = compare_office._words("en")
    heading = "Land supply and land use of the reports compared, year by year and district by district"
    monkeypatch.setattr(compare_office, "_words", lambda lang: {**words, "deck_title": heading})
    path = compare_office.write_deck(tmp_path / "c.pptx", [], {}, "en", datetime(2026, 12, 7, tzinfo=UTC))
    title = Presentation(str(path)).slides[0].shapes.title.text_frame.text
    assert "\v" in title and title.replace("\v", "") == heading


@pytest.mark.parametrize("lang", charts.LANGS)
def test_a_short_label_stays_on_one_line_and_a_long_one_may_wrap(decks, lang):
    """look12: LibreOffice broke '其中耕地 10,191公顷' inside its segment between 公 and 顷; a short label (a
    number, its unit, 2 in or less at 12 pt) is written on one line. The English one (3 in) wraps at its spaces:
    on one line it ran over the category names."""
    import re

    presentation = _open(decks, lang)
    slide = list(presentation.slides)[1 + list(charts.DECK_CHARTS).index("land_use_structure")]
    (chart,) = [s.chart for s in _flat(slide.shapes) if s.has_chart]
    xml = chart.part.blob.decode("utf-8")
    labels = re.findall(r"<c:dLbl>.*?</c:dLbl>", xml, re.S)
    one_line = [bool(re.search(r'<a:bodyPr[^>]*wrap="none"', label)) for label in labels]
    inner = next(label for label in labels if "10,191" in label or "其中" in label or "of which" in label)
    assert one_line.count(True) >= 3  # 37,701公顷, 28,033公顷, 22,664公顷 (37,701 ha …)
    assert ('wrap="none"' in inner) == (lang == "zh")


def test_a_narrow_panels_category_breaks_at_its_dot_and_an_end_label_that_fits_stays_on_one_line():
    """look12 (comparison deck through LibreOffice): the narrow parcels panel broke '国有建设用地出让 · 2023年'
    as '… · 2023' over '年', and the price panel put '1,290.25万元/亩（−6.9%）' on two lines where the plot
    had room after the bar. The name breaks at its ' · ' (its year under it, as the next row's 2024年); an
    end label longer than 2 in keeps one line where it fits between its bar and the plot's edge."""
    from pptx import Presentation
    from pptx.oxml.ns import qn
    from pptx.util import Inches

    from analysis.charts.spec import Axis, Bar, Panel, Series
    from analysis.publish.native_chart import add_chart

    categories = ("国有建设用地出让 · 2023年", "2024年", "工业 · 2023年")
    long, short = "1,290.25万元/亩（−6.9%）", "50万元/亩"
    longer = "万元/亩（比上年−6.9%，上年为1,385.42万元/亩）"  # 4 in: more than the 2.8 in after 1,700
    bars = (Bar(1290.25, "#336699", 2, suffix="万元/亩（−6.9%）"), Bar(1700.0, "#336699", 2, suffix=longer),
            Bar(50.0, "#336699", 2, suffix="万元/亩"))  # fmt: skip
    assert bars[0].text == long and bars[2].text == short
    panel = Panel("bar", categories, (Series("亩均出让价款", bars),), Axis("亩均出让价款（万元/亩）"))
    slide = Presentation().slides.add_slide(Presentation().slide_layouts[6])
    for width, names in (
        (4.0, ["国有建设用地出让\n2023年", "2024年", "工业 · 2023年"]),
        (10.0, list(categories)),
    ):
        group = add_chart(slide, panel, (Inches(0.5), Inches(0.5), Inches(width), Inches(4)))
        chart = next(s for s in group.shapes if s.has_chart).chart
        assert list(chart.plots[0].categories)[::-1] == names, width  # written bottom-up
    wraps = [
        label.find(f"{qn('c:txPr')}/{qn('a:bodyPr')}").get("wrap")
        for label in chart._chartSpace.iter(qn("c:dLbl"))
    ][::-1]
    # on an axis to 2,500 of a 9 in plot, 1,290.25 leaves 4.2 in: one line; a 4 in label after 1,700 wraps
    assert wraps == ["none", None, "none"]


def test_a_panel_title_too_long_for_its_panel_is_broken_and_the_plot_starts_below_it():
    """lookall14 (charts_en.pptx slide 4, LibreOffice): 'Collective land (not state-owned): 9 parcels' wrapped
    to two lines in its 3.4-inch panel, but the plot area kept room for one, so the second line ran into the
    top of the axis. The title is broken where we choose, each line fitting the panel, and the plot area
    starts below all its lines."""
    from pptx import Presentation
    from pptx.oxml.ns import qn
    from pptx.util import Emu

    from analysis.charts.spec import Axis, Bar, Panel, Series
    from analysis.charts.text import line_height_in, text_width_in
    from analysis.publish.native_chart import add_chart

    width, height = 3.438, 4.257  # inches, the collective panel's box
    title = "Collective land (not state-owned): 9 parcels"
    bars = tuple(Bar(v, "#BBBBBB", 0) for v in (1.0, 4.0, 4.0))
    names = ("Entry by lease", "Entry as equity", "Entry by transfer")
    panel = Panel("bar", names, (Series("Parcels", bars),), Axis("Parcels"), title=title)
    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    group = add_chart(slide, panel, (Emu(0), Emu(0), Emu(int(width * 914400)), Emu(int(height * 914400))))
    chart = next(s for s in group.shapes if s.has_chart).chart
    lines = chart.chart_title.text_frame.text.split("\n")
    assert len(lines) >= 2 and " ".join(lines) == title
    assert all(text_width_in(line, 14) <= 0.8 * width for line in lines), lines
    layout = chart._chartSpace.find(qn("c:chart")).find(qn("c:plotArea")).find(qn("c:layout"))
    top = float(layout.find(".//" + qn("c:y")).get("val")) * height
    assert top >= 0.15 + len(lines) * line_height_in(14), (top, lines)


def test_a_centred_label_wider_than_its_segment_is_drawn_under_it():
    """lookall14 (comparisons_zh.pptx, land use by year, LibreOffice): '4.6%' centred on 未利用地's 4.6 % sliver
    ran onto 建设用地's dark segment, black on purple. As the picture does, a centred label that does not fit
    its segment is drawn under it, and the chart's own label there is deleted."""
    from pptx import Presentation
    from pptx.oxml.ns import qn
    from pptx.util import Emu

    from analysis.charts.spec import Axis, Bar, Panel, Series
    from analysis.publish.native_chart import add_chart

    def bar(value, colour):
        return Bar(value, colour, 1, suffix="%", place="center")

    classes = (
        ("农用地", "#157A33", 53.0, 52.8),
        ("建设用地", "#8B1E52", 42.4, 42.6),
        ("未利用地", "#88CCEE", 4.6, 4.6),
    )
    series = tuple(Series(name, (bar(a, colour), bar(b, colour))) for name, colour, a, b in classes)
    panel = Panel("stacked", ("2023年", "2024年"), series, Axis("占三大类合计面积（%）"))
    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    group = add_chart(slide, panel, (Emu(0), Emu(0), Emu(int(7.5 * 914400)), Emu(int(4.5 * 914400))))
    chart = next(s for s in group.shapes if s.has_chart).chart
    unused = chart.plots[0].series[2]
    assert all(p.data_label._dLbl.find(qn("c:delete")) is not None for p in unused.points)
    texts = [s.text_frame.text for s in group.shapes if s.has_text_frame]
    assert texts.count("4.6%") == 2  # drawn under each year's sliver
    wide = chart.plots[0].series[1].points[0].data_label._dLbl
    assert wide.find(qn("c:dLblPos")).get("val") == "ctr"  # 42.4% fits its segment: centred, as it was


def test_each_charts_workbook_is_dated_as_its_deck_so_a_rebuild_gives_the_same_bytes(decks, tmp_path):
    """review14: the workbook behind each editable chart ("Edit Data") carried the wall clock in its
    docProps/core.xml, so two builds of one deck at one built_at differed. It now takes the deck's date."""
    import io
    import time
    import zipfile

    from openpyxl import load_workbook

    def workbooks(folder):
        with zipfile.ZipFile(folder / deck.deck_name("zh", False)) as pptx:
            return [pptx.read(n) for n in sorted(pptx.namelist()) if n.endswith(".xlsx")]

    time.sleep(1.1)  # a second later by the clock
    deck.write_editable_decks(tmp_path, "wujin_2024", BUILT_AT)
    first, again = workbooks(decks), workbooks(tmp_path)
    assert first and first == again
    created = load_workbook(io.BytesIO(first[0])).properties.created
    assert created == BUILT_AT.astimezone(UTC).replace(tzinfo=None)
