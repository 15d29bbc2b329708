"""The indicator registry: values parsed from quotes, and malformed registries refused."""

from __future__ import annotations

import pytest

from analysis import indicators
from analysis.errors import RegistryError

# indicator_id: (value as printed, value in the base unit, base unit, kind), written from the report
EXPECTED = {
    # (一) 完成498个规划发展村所在行政村实用性村庄规划全覆盖 ... 推动15个村编制深化版村庄规划
    "village_plans_villages": ("498个", 498, "个", "achieved"),
    "village_plans_deepened": ("15个", 15, "个", "achieved"),
    # (二) 原地、异地恢复耕地11608亩
    "farmland_restored": ("11608亩", 11608, "亩", "achieved"),
    # 2024年下达各镇耕地恢复任务5500亩,目前正在紧张推进中
    "farmland_restoration_quota": ("5500亩", 5500, "亩", "target"),
    # 2024年度耕地占补平衡项目计划新增耕地1939亩
    "farmland_new_planned": ("1939亩", 1939, "亩", "plan"),
    # 争取到省级补助资金7765万元 = 77,650,000 元
    "wetland_project_subsidy": ("7765万元", 77_650_000, "元", "achieved"),
    # 完成造林验收合格面积386.5公顷(新增造林面积22.05公顷): × 15 亩/公顷
    "afforestation_accepted": ("386.5公顷", 5797.5, "亩", "achieved"),
    "afforestation_new": ("22.05公顷", 330.75, "亩", "achieved"),
    # 新建省级绿美村庄4个,提升省级绿美村庄3个
    "green_villages_new": ("4个", 4, "个", "achieved"),
    "green_villages_upgraded": ("3个", 3, "个", "achieved"),
    # 新建湿地保护小区1个,完成生态湿地修复500亩,新增湿地保护面积1.33万亩 (= 13,300 亩)
    "wetland_sites_new": ("1个", 1, "个", "achieved"),
    "wetland_restored": ("500亩", 500, "亩", "achieved"),
    "wetland_protected_new": ("1.33万亩", 13_300, "亩", "achieved"),
    # (三) 2024年报批完成新增建设用地2085亩、林地审批683亩
    "construction_land_approved": ("2085亩", 2085, "亩", "achieved"),
    "forest_land_approved": ("683亩", 683, "亩", "achieved"),
    # 全区在库省、市、区重大项目369个,353个完成用地保障,其中7个省重大项目和5个省民间投资
    # 重点产业项目实现100%开工,88个市重大项目中有80个已完成供地
    "major_projects_listed": ("369个", 369, "个", "stock"),
    "major_projects_land_secured": ("353个", 353, "个", "achieved"),
    "provincial_major_projects": ("7个", 7, "个", "stock"),
    "provincial_private_projects": ("5个", 5, "个", "stock"),
    "provincial_projects_started": ("100%", 100, "%", "rate"),
    "municipal_major_projects": ("88个", 88, "个", "stock"),
    "municipal_major_projects_supplied": ("80个", 80, "个", "achieved"),
    # 全区完成各类低效用地再开发用地面积4510亩;批准改扩建项目13个,新增建筑面积17.4万平方米,
    # 处置批而未供土地4600亩。按照部104号文要求,收回国有住宅用地11宗,834亩
    "inefficient_land_redeveloped": ("4510亩", 4510, "亩", "achieved"),
    "expansion_projects_approved": ("13个", 13, "个", "achieved"),
    "expansion_floor_area": ("17.4万平方米", 174_000, "平方米", "achieved"),  # floor area, not land
    "unsupplied_land_disposed": ("4600亩", 4600, "亩", "achieved"),
    "residential_land_resumed_parcels": ("11宗", 11, "宗", "achieved"),
    "residential_land_resumed_area": ("834亩", 834, "亩", "achieved"),
    # (四) 全区共核发“一书三证”168份 ... 累计办结110套“零材料”登记
    "planning_permits_issued": ("168份", 168, "份", "achieved"),
    "zero_document_registrations": ("110套", 110, "套", "cumulative"),
    # 2024年登记办理信访事项76件,网信150件,办结率、报结率均达100%,信访量较去年同比压降19%
    "petitions_registered": ("76件", 76, "件", "achieved"),
    "petitions_online": ("150件", 150, "件", "achieved"),
    "petition_closure_rate": ("100%", 100, "%", "rate"),
    "petition_volume_change": ("19%", 19, "%", "change"),
    # 形成6项工作机制,3项保障措施
    "joint_mechanisms": ("6项", 6, "项", "achieved"),
    "joint_safeguards": ("3项", 3, "项", "achieved"),
    # (五) 发现并整改各类安全隐患100余条
    "safety_hazards_fixed": ("100余条", 100, "条", "achieved"),
    # 大力实施2023年度变更调查,调查更新面积2999公顷 (= 44,985 亩)
    "survey_area_updated": ("2999公顷", 44_985, "亩", "achieved"),
    # 认定地类图斑54000余个,核查一级类变化图斑103个、二级类变化2701个
    "survey_patches_identified": ("54000余个", 54_000, "个", "achieved"),
    "survey_first_level_changes": ("103个", 103, "个", "achieved"),
    "survey_second_level_changes": ("2701个", 2701, "个", "achieved"),
    # (六) 各级党组织因地制宜打造10个“书记项目” ... 共排查风险事项38个
    "party_secretary_projects": ("10个", 10, "个", "achieved"),
    "integrity_risks_checked": ("38个", 38, "个", "achieved"),
}


def test_every_indicator_matches_the_report():
    frame = indicators()
    found = {r.indicator_id: (r.value_printed, r.value_base, r.base_unit, r.kind) for r in frame.itertuples()}
    assert found == EXPECTED


def test_approximate_values_keep_their_qualifier():
    frame = indicators().set_index("indicator_id")
    assert frame.loc["safety_hazards_fixed", "qualifier"] == "余"
    assert frame.loc["survey_patches_identified", "qualifier"] == "余"
    assert frame["qualifier"].notna().sum() == 2


def test_sections_and_kinds():
    frame = indicators().set_index("indicator_id")
    assert frame.loc["farmland_restored", "section_no"] == 2
    assert frame.loc["expansion_floor_area", "quantity_kind"] == "floor_area"
    assert list(frame["kind"].cat.categories) == [
        "achieved",
        "target",
        "plan",
        "cumulative",
        "stock",
        "rate",
        "change",
    ]


HEADER = "indicator_id,topic,kind,name_zh,name_en,quote\n"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "x,farmland,achieved,恢复,Restored,恢复耕地99999亩\n",
            r"indicators.csv:2: column 'quote': “恢复耕地99999亩” is not in .*wujin_2024.txt",
        ),
        (
            "x,farmland,achieved,面积,Area,亩\n",
            r"indicators.csv:2: column 'quote': “亩” stands twice in .*wujin_2024.txt, at 8:89 and 8:266; lengthen the quote",
        ),
        (
            "x,farmland,achieved,恢复,Restored,耕地恢复任务5500亩,目前\n",
            r"indicators.csv:2: expected 6 fields, found 7",
        ),
        (
            "x,farmland,achieved,两个,Two,出让56宗,面积3771.3亩\n".replace(
                "出让56宗,面积3771.3亩", '"出让56宗,面积3771.3亩"'
            ),
            r"indicators.csv:2: column 'quote': expected exactly one quantity in “出让56宗,面积3771.3亩”, found 56宗, 3771.3亩",
        ),
        (
            "x,farmland,achieved,年份,Year,2024年下达\n",
            r"indicators.csv:2: column 'quote': expected exactly one quantity in “2024年下达”, found none",
        ),
        (
            "x,weather,achieved,恢复,Restored,恢复耕地11608亩\n",
            r"indicators.csv:2: column 'topic': 'weather' is not a topic in extract/rules/vocabulary.csv",
        ),
        ("x,farmland,,恢复,Restored,恢复耕地11608亩\n", r"indicators.csv:2: column 'kind' is empty"),
        (
            "x,farmland,achieved,a,A,恢复耕地11608亩\nx,farmland,achieved,b,B,任务5500亩\n",
            r"indicators.csv:3: column 'indicator_id': 'x' repeats line 2",
        ),
    ],
)
def test_malformed_registry_rows_are_named(data_copy, rows, message):
    (data_copy / "registry" / "wujin_2024" / "indicators.csv").write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(RegistryError, match=message) as caught:
        indicators()
    assert "\n" not in str(caught.value)


def test_registry_header_must_have_every_column(data_copy):
    (data_copy / "registry" / "wujin_2024" / "indicators.csv").write_text(
        "indicator_id,topic,kind,name_zh,quote\nx,farmland,achieved,恢复,恢复耕地11608亩\n", encoding="utf-8"
    )
    with pytest.raises(RegistryError, match=r"indicators.csv:1: header lacks column\(s\) name_en"):
        indicators()
