"""One declaration per column and per code: every reader of a column reads the same row of columns.csv."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis import derive
from analysis.present.naming import document_headline, document_name
from analysis.present.reader import column_label
from analysis.publish.workbook import column_label as sheet_label
from analysis.source.reports import load_report
from analysis.tables.codes import code_groups, labelled
from analysis.tables.fields import FIELDS

SRC = Path(__file__).resolve().parents[3] / "src" / "analysis"


def test_columns_are_declared_in_one_table_only():
    found = sorted(p.relative_to(SRC).as_posix() for p in SRC.rglob("columns.csv"))
    assert found == ["tables/rules/columns.csv"]  # present/rules/columns.csv is gone: no second label


def test_every_column_has_labels_and_descriptions_in_both_languages():
    for field in FIELDS.values():
        assert field.label_zh and field.label_en and field.description_zh and field.description_en, field.name
        assert re.search(r"[\u4e00-\u9fff]", field.description_zh), field.name  # the Chinese one is Chinese


def test_one_label_everywhere_the_unit_where_readers_see_it():
    # 出让金 is kept in 元 and read in 亿元, the report's unit: pages and sheets say so alike
    assert column_label("revenue_yuan", "zh") == sheet_label("revenue_yuan") == "出让金（亿元）"
    assert (
        column_label("price_wan_yuan_per_mu", "zh")
        == sheet_label("price_wan_yuan_per_mu")
        == "亩均出让价款（万元/亩）"
    )
    assert column_label("area_mu", "en") == "Area (mu)" and column_label("area_ha", "en") == "Area (ha)"


def test_every_code_group_is_declared_once_and_every_code_a_table_holds_has_labels():
    groups = code_groups()
    coded = {f.codes for f in FIELDS.values() if f.codes}
    assert coded <= set(groups)
    for name, spec in derive.all_tables().items():
        frame = spec.build("all")
        for column in frame.columns:
            group = FIELDS[column].codes
            if group:
                missing = {v for v in frame[column].dropna().unique() if not labelled(group, v)}
                assert not missing, (name, column, missing)


@pytest.mark.parametrize("name", list(derive.all_tables()))
def test_frames_carry_their_tables_name(name):
    frame = derive.all_tables()[name].build()
    assert frame.attrs["table"] == name
    assert frame.head(2).attrs["table"] == name  # kept through the usual selections


def test_the_document_is_named_as_its_publisher_and_its_text_name_it():
    assert document_name(lang="zh") == "武进分局2024年工作总结"  # the branch's work summary, not 武进区's
    headline = document_headline(lang="zh")
    opening = re.sub(r"\s+", " ", load_report().raw[:200])
    assert headline and opening.startswith(headline)  # 凝聚奋进力量 践行使命担当 …: the text's own title
