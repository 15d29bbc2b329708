"""The house style: contexts, the CJK font from PyPI, colours from patterns/palette.csv, slide sizes."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib as mpl
import pytest
from matplotlib import font_manager

from analysis.charts import theme
from analysis.errors import AnalysisError
from analysis.extract import vocabulary as labels
from analysis.tables import land_transfers, land_use


def _rc() -> dict:
    return {k: v for k, v in mpl.rcParams.items() if not k.startswith("backend")}


def test_theme_block_restores_every_rcparam():
    before = _rc()
    with theme.theme("slide") as rc:
        assert mpl.rcParams["font.family"] == ["DejaVu Sans", "Noto Sans CJK SC"]
        assert mpl.rcParams["font.size"] == rc["font.size"] == 18  # 12 × 1.5
        assert mpl.rcParams["svg.fonttype"] == "path"
    assert _rc() == before


def test_theme_block_restores_rcparams_after_an_error():
    before = _rc()
    with pytest.raises(RuntimeError), theme.theme("notebook"):
        raise RuntimeError("inside the block")
    assert _rc() == before


def test_set_theme_applies_in_one_call():
    with mpl.rc_context():
        theme.set_theme("slide")
        assert mpl.rcParams["axes.titlesize"] == 13 * 1.5
        assert mpl.rcParams["axes.spines.top"] is False


def test_contexts_scale_one_base_set_of_sizes():
    notebook, slide = theme.theme_rc("notebook"), theme.theme_rc("slide")
    for key in ("font.size", "axes.labelsize", "xtick.labelsize", "lines.linewidth", "xtick.major.size"):
        assert slide[key] == pytest.approx(notebook[key] * 1.5), key
    assert theme.theme_rc("notebook", font_scale=2)["font.size"] == 24
    assert theme.theme_rc("notebook", font_scale=2)["lines.linewidth"] == notebook["lines.linewidth"]
    with pytest.raises(AnalysisError, match="unknown context 'poster'"):
        theme.theme_rc("poster")


def test_the_cjk_font_comes_from_the_pypi_package():
    from noto_cjk_sans_otc import FONT_PATH

    path = theme.register_fonts()
    assert path == str(FONT_PATH) and "site-packages" in path
    entries = len(font_manager.fontManager.ttflist)
    assert theme.register_fonts() == path
    assert len(font_manager.fontManager.ttflist) == entries  # once per process: nothing added twice
    # the PyPI file wins over a system copy of the same family (Debian's fonts-noto-cjk)
    assert font_manager.findfont("Noto Sans CJK SC", fallback_to_default=False) == path


def test_registering_writes_nothing_into_matplotlibs_folders(tmp_path):
    folders = [Path(mpl.get_data_path()), Path(mpl.get_cachedir())]

    def snapshot():
        return {p: p.stat().st_mtime_ns for folder in folders for p in folder.rglob("*") if p.is_file()}

    before = snapshot()
    theme.register_fonts()
    with theme.theme("slide"):
        pass
    assert snapshot() == before


def test_slide_sizes_are_whole_pixels_at_200_dpi():
    assert theme.DPI == 200
    assert theme.SLIDE_PIXELS == {
        "full": (2667, 1500),
        "half": (1333, 1500),
        "portrait": (1000, 1800),
        "portrait_tall": (1000, 2800),
    }
    for size, (width, height) in theme.SLIDE_PIXELS.items():
        inches = theme.slide_inches(size)
        # matplotlib truncates the canvas to int(inches × dpi): the product must be whole
        assert (int(inches[0] * theme.DPI), int(inches[1] * theme.DPI)) == (width, height)
    assert theme.slide_inches("full") == (13.335, 7.5)  # 13.333 in would give int(2666.6) = 2666 px
    with pytest.raises(AnalysisError, match="unknown slide size"):
        theme.slide_inches("quarter")


def test_every_use_type_and_land_class_has_one_colour():
    use_types = {labels.code_of("use_type", u) for u in land_transfers()["use_type"]} - {
        "total",
        "collective_land",
    }
    classes = {labels.code_of("land_class", c) for c in land_use()["land_class"]}
    uses, lands = theme.palette("use_type"), theme.palette("land_class")
    assert use_types <= set(uses) and classes <= set(lands)
    chosen = (
        [uses[k] for k in use_types] + [lands[k] for k in classes] + [theme.color("channel", "allocation")]
    )
    assert len(set(chosen)) == len(chosen), "two categories share a colour"
    for group in ("use_type", "land_class", "channel", "role"):
        for key, value in theme.palette(group).items():
            assert re.fullmatch(r"#[0-9A-F]{6}", value), (group, key, value)
            if group != "role":
                labels.label(group, key)  # keyed by the label table's keys (KeyError otherwise)


def test_unknown_colours_are_one_line_errors():
    with pytest.raises(AnalysisError, match="no colour for use_type/nonexistent"):
        theme.color("use_type", "nonexistent")
    with pytest.raises(AnalysisError, match="no colours for group 'weather'"):
        theme.palette("weather")


def test_the_svg_salt_is_fixed():
    assert theme.theme_rc()["svg.hashsalt"] == theme.SVG_HASHSALT == "wujin-analysis"
