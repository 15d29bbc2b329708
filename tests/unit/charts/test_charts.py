"""Charts: every chart in both languages, no missing glyph, text from the label table, no leaked state.

matplotlib issues "Glyph ... missing from font(s)" through `_api.warn_external`,
which attributes the warning to the first caller outside matplotlib, so the
pyproject filter `error::UserWarning:matplotlib.*` does not catch it. This
module turns it into an error by its message (test_a_missing_glyph_fails_here
proves the filter is live).
"""

from __future__ import annotations

import io
import re

import matplotlib as mpl
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from analysis import charts, derive
from analysis.charts import figures, theme
from analysis.charts import text as chart_text
from analysis.errors import AnalysisError
from analysis.source.reports import load_report
from analysis.tables import land_transfers
from tests.helpers import SLIDE_CHARTS

pytestmark = [
    pytest.mark.filterwarnings("error:Glyph .* missing from font:UserWarning"),
    pytest.mark.filterwarnings("error:constrained_layout not applied:UserWarning"),
]


def _draw(fig: Figure) -> None:
    """Draw as the export does (fonts are only resolved when drawing); low dpi keeps it quick."""
    fig.savefig(io.BytesIO(), format="png", dpi=30)


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _rc() -> dict:
    return {k: v for k, v in mpl.rcParams.items() if not k.startswith("backend")}


def test_a_missing_glyph_fails_here():
    plain = Figure()
    plain.text(0.5, 0.5, "土地")  # matplotlib's default DejaVu Sans has no CJK glyphs
    with pytest.raises(UserWarning, match=r"Glyph .* missing from font"):
        _draw(plain)
    with theme.theme("notebook"):
        themed = Figure()
        themed.text(0.5, 0.5, "\U00013000")  # an Egyptian hieroglyph: in no font we use
    with pytest.raises(UserWarning, match=r"Glyph 77824 .* missing from font"):
        _draw(themed)


@pytest.mark.parametrize("lang", charts.LANGS)
@pytest.mark.parametrize("name", charts.DECK_CHARTS)
def test_every_chart_renders_in_both_languages(name, lang):
    before = _rc()
    fig = charts.render(name, lang=lang, context="slide")
    assert _rc() == before, "the chart leaked rcParams"
    SLIDE_CHARTS[(name, lang)] = fig  # the layout tests measure this figure
    _draw(fig)  # outside any theme block: the figure carries its own fonts and sizes
    texts = [_flat(t) for t in _texts(fig)]  # titles and notes are wrapped to the slide
    assert _flat(charts.chart_title(name, lang)) in texts
    assert _flat(load_report(None).source_line(lang)) in "".join(texts)
    assert figures.figure_size_name(fig) == charts.CHARTS[name].size
    if lang == "en":
        assert not any("数据来源" in t for t in texts)


def test_the_registry_lists_tables_and_sizes():
    assert charts.DECK_CHARTS == (
        "price_per_mu",
        "area_and_proceeds_shares",
        "land_supply_by_channel",
        "land_use_structure",
        "development_intensity",
        "project_and_farmland_indicators",
    )
    from analysis.charts.render import SOURCES

    readable = set(derive.all_tables()) | set(SOURCES)
    for name, spec in charts.CHARTS.items():
        assert spec.name == name and (callable(spec.content) or callable(spec.draw))
        assert set(spec.tables) <= readable, name
        assert spec.size in theme.SLIDE_PIXELS
    assert charts.CHARTS["development_intensity"].size == "half"
    assert charts.chart_title("price_per_mu", "zh") == "各用途国有建设用地亩均出让价款"
    assert charts.chart_title("price_per_mu", "en").startswith("Price per mu")


def test_the_1859_wan_yuan_is_a_note_not_a_bar():
    fig = charts.render("land_supply_by_channel", lang="zh")
    in_axes = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert not any("1859" in t for t in in_axes)
    notes = [t.get_text() for t in fig.texts if "1,859万元" in t.get_text()]
    assert len(notes) == 1 and "全部9宗" in notes[0]  # 1 + 4 + 4
    widths = {round(p.get_width(), 6) for ax in fig.axes for p in ax.patches if isinstance(p, Rectangle)}
    assert 1859e4 not in widths and 1859 not in widths


def test_one_colour_per_use_type_in_every_chart():
    industrial = mpl.colors.to_hex(theme.color("use_type", "industrial"))
    # the industrial bar in each chart, found by its length
    lengths = {
        "price_per_mu": 45.31,  # 7亿元 / 1545亩, 万元/亩
        "area_and_proceeds_shares": 40.97,  # 1545 / 3771.41, % of the area
        "land_supply_by_channel": 1545,  # 亩
    }
    for name, length in lengths.items():
        ax = charts.render(name, lang="zh").axes[0]
        found = {
            mpl.colors.to_hex(p.get_facecolor()) for p in ax.patches if round(p.get_width(), 2) == length
        }
        assert found == {industrial}, name


def test_title_and_source_can_be_left_to_the_slide():
    fig = charts.render("price_per_mu", lang="zh", title=False, source=False)
    texts = _texts(fig)
    assert charts.chart_title("price_per_mu", "zh") not in texts
    assert not any(t.startswith("数据来源") or "\n数据来源" in t for t in texts)


def test_bad_arguments_are_one_line_errors():
    with pytest.raises(AnalysisError, match="unknown language 'fr'"):
        charts.render("price_per_mu", lang="fr")
    with pytest.raises(AnalysisError, match="unknown chart 'pie'"):
        charts.render("pie")
    with pytest.raises(AnalysisError, match="unknown chart 'pie'"):
        charts.chart_title("pie")
    one = land_transfers()
    two = pd.concat([one, one.assign(report_id="other")], ignore_index=True)
    with pytest.raises(AnalysisError, match="price_per_mu: expected the rows of one report, found 2"):
        charts.render("price_per_mu", frames={"transfer_ratios": derive.transfer_ratios(land_transfers=two)})
    with pytest.raises(AnalysisError, match="unknown context"):
        charts.render("development_intensity", context="poster")


def test_wrapped_lines_fit_and_keep_book_titles_whole():
    with theme.theme("slide"):
        lines = chart_text.wrap(
            "数据来源：常州市自然资源和规划局武进分局《2024年工作总结》", 15, 6.0, balance=False
        )
        assert all(chart_text.text_width_pt(line, 15) <= 6.0 * 72 for line in lines)
        assert any("《2024年工作总结》" in line for line in lines)
        assert chart_text.wrap("Construction ÷ (agricultural + construction)", 16, 2.6)[1].startswith("(")
        # look10: the phone's land-use title broke '土地利用结构（三大' / '类），…': a short aside stays whole
        title = chart_text.wrap("土地利用结构（三大类），耕地含于农用地", 16, 2.5)
        assert all(line.count("（") == line.count("）") for line in title), title


@pytest.mark.parametrize("name", ["land_use_structure", "project_and_farmland_indicators"])
def test_a_chart_left_out_is_said_left_out_once(library, name):
    """惠山区 2024 has no land-use statement and no charts.csv: the line read
    '图“…”从略：本报告没有此图所需的数据（…）：此图从略。' (and 'left out' twice in English)."""
    from analysis.charts.render import absent, left_out_line

    why = absent("huishan_2024")[name]
    zh, en = (left_out_line(name, why, lang) for lang in ("zh", "en"))
    assert zh.count("从略") == 1 and en.count("left out") == 1, (zh, en)
