"""Every column declared once: dtype, unit, and a description in Chinese and English.

Which columns a table has is declared beside the function that builds it
(catalog.declare); schema.py checks tables against both and prints the data
dictionary from them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FIELDS", "PROVENANCE", "REPORT", "Field"]


@dataclass(frozen=True)
class Field:
    name: str
    dtype: str  # string, Int64, Float64, boolean, category
    unit: str  # '' where the column has no unit
    zh: str
    en: str
    categories: tuple[str, ...] = ()  # a fixed order for a category; else the report's order


_F = Field
# fmt: off
_DECLARED = [
    # --- which report
    _F("report_id", "string", "", "报告编号", "Report identifier: manifest key, or the file name"),
    _F("district", "string", "", "区县", "District (区/县) the report covers"),
    _F("year", "Int64", "年", "报告年份", "Year the work report covers"),
    # --- provenance (every fact table)
    _F("section_no", "Int64", "", "章节序号", "Number of the report section (0 = text before the first heading)"),
    _F("section", "string", "", "章节标题", "Heading of the report section the quote stands in"),
    _F("quote", "string", "", "原文引文", "Verbatim text of the report the row's numbers were read from"),
    _F("quote_start", "Int64", "字符", "引文起点", "Offset of the quote's first character in the raw report text (0-based)"),
    _F("quote_end", "Int64", "字符", "引文终点", "Offset just after the quote's last character: text[quote_start:quote_end] == quote"),
    _F("sentence", "string", "", "所在句子", "The whole sentence of the report that holds the quote"),
    # --- land transfers
    _F("item_id", "string", "", "条目编号", "Stable identifier of the row within its report, e.g. transfer.industrial"),
    _F("parent_item_id", "string", "", "上级条目", "item_id of the total this row is a part of (empty for totals and stand-alone rows)"),
    _F("statement", "category", "", "陈述层级", "Level of the statement: supply (all channels), market_offered / market_sold (land-market totals), channel_total, method_total, part (a use type), of_which (a sub-count the text gives in brackets with 其中 after the row it belongs to: among its parent's figures, never summed against it), scope_unclear", ('supply', 'market_offered', 'market_sold', 'channel_total', 'method_total', 'part', 'of_which', 'scope_unclear')),
    _F("period", "string", "", "时期", "Period the figures describe: the report year (2023), a month or months (2023-10, 2023-01..2023-11), years (2019..2023) or a plan period (十四五)"),
    _F("channel", "category", "", "供地渠道", "Supply channel as the report names it: 国有建设用地出让, 划拨, 租赁, 作价出资（入股）, 集体经营性建设用地入市; empty above the channels (supply, market)"),
    _F("channel_en", "string", "", "供地渠道（英文）", "Supply channel in English"),
    _F("method", "category", "", "供地方式", "Method within the channel (挂牌, 协议出让, 租赁入市 ...); 合计 for a total"),
    _F("method_en", "string", "", "供地方式（英文）", "Method in English"),
    _F("use_type", "category", "", "用途", "Land use type as written in the report (工业, 住宅房地产及商业 ...); 合计 for a total"),
    _F("use_type_en", "string", "", "用途（英文）", "Land use type in English, where the label table knows it"),
    _F("is_total", "boolean", "", "是否合计", "True where the row is a total stated by the report"),
    _F("is_scope_ambiguous", "boolean", "", "范围是否不明", "True where the sentence does not say which rows a number covers"),
    _F("parcels", "Int64", "宗", "宗数", "Number of parcels (宗)"),
    _F("area_mu", "Float64", "亩", "面积（亩）", "Land area in mu (1 亩 = 1/15 ha)"),
    _F("area_ha", "Float64", "公顷", "面积（公顷）", "Land area in hectares (area_mu / 15)"),
    _F("area_km2", "Float64", "平方公里", "面积（平方公里）", "Land area in square kilometres (area_ha / 100)"),
    _F("revenue_yuan", "Float64", "元", "出让金额（元）", "Proceeds in yuan (empty where the report gives none)"),
    _F("share_pct", "Float64", "%", "占比", "Share of the parent row as the report prints it (工业用地占42.5%); never computed here"),
    _F("parcels_printed", "string", "", "宗数原文", "Parcel count as printed, e.g. 27宗"),
    _F("area_printed", "string", "", "面积原文", "Area as printed, e.g. 1545亩"),
    _F("revenue_printed", "string", "", "金额原文", "Proceeds as printed, e.g. 7亿元"),
    _F("share_printed", "string", "", "占比原文", "Share as printed, e.g. 25.0%"),
    _F("source", "category", "", "来源", "extracted (read by the extractor) or curated (data/registry/<report>/statements.csv)", ('extracted', 'curated')),
    _F("conflict", "string", "", "冲突条目", "item_id of another row that states the same total (or land class) for the same period with other figures: both are kept as printed, neither is summed; empty where there is none"),
    _F("note_zh", "string", "", "说明", "Caveat on the row in Chinese"),
    _F("note_en", "string", "", "说明（英文）", "Caveat on the row in English"),
    # --- land use
    _F("land_class", "category", "", "地类", "Land class as the report names it (农用地, 耕地, 建设用地, 未利用地)"),
    _F("land_class_en", "string", "", "地类（英文）", "Land class in English"),
    _F("classification", "category", "", "分类体系", "总面积 (the whole), 三大类 (the three broad classes) or 三调一级类 (first-level class of the national land survey)", ('总面积', '三大类', '三调一级类')),
    _F("parent_class", "string", "", "上级地类", "Class this one is part of, as the text says (其中耕地 after 农用地); empty where the text gives none"),
    _F("reference_year", "Int64", "年", "数据年份", "Year the land-use figures describe (the survey year, not the report year)"),
    # --- indicators
    _F("topic", "category", "", "主题", "Topic of the indicator (farmland, ecology, projects ...)"),
    _F("indicator_id", "string", "", "指标编号", "Identifier of the indicator in the curated registry"),
    _F("name_zh", "string", "", "指标名称", "Name of the indicator in Chinese"),
    _F("name_en", "string", "", "指标名称（英文）", "Name of the indicator in English"),
    _F("kind", "category", "", "指标性质", "achieved (done in the year), target (assigned), plan (planned), cumulative (running total), stock (a level at a date), rate, change (against last year)", ('achieved', 'target', 'plan', 'cumulative', 'stock', 'rate', 'change')),
    _F("value_printed", "string", "", "数值原文", "The quantity as printed, e.g. 1.33万亩, 100余条"),
    _F("number", "Float64", "见 unit", "数值", "The printed number with its printed sign, in the printed unit (1.33 for 1.33万亩, -19 for -19%)"),
    _F("unit", "string", "", "单位", "The printed unit with its scale word (万亩, 亿元, 个, %)"),
    _F("qualifier", "string", "", "限定词", "Approximate marker as printed (余, 多, 约 ...); empty when exact"),
    _F("direction", "category", "", "变化方向", "Which way the figure went where the text says so: a printed sign (-19%) or a word right before the number (压降19%: number 19, direction decrease); empty where it says neither. The digits and sign stay as printed", ('increase', 'decrease')),
    _F("quantity_kind", "category", "", "量的类别", "land_area, floor_area, money, count, percent, length"),
    _F("value_base", "Float64", "见 base_unit", "基准单位数值", "The value in the base unit of its kind (亩 for land, 平方米 for floor area, 元, %)"),
    _F("base_unit", "string", "", "基准单位", "Unit of value_base"),
    # --- reconciliation
    _F("total_item_id", "string", "", "合计条目", "item_id of the stated total"),
    _F("measure", "string", "", "指标列", "Column being reconciled (parcels, area_mu, revenue_yuan)"),
    _F("stated", "Float64", "见 unit", "报告合计", "Total as stated by the report, in the total's printed unit"),
    _F("parts_sum", "Float64", "见 unit", "分项之和", "Sum of the parts, in the total's printed unit"),
    _F("difference", "Float64", "见 unit", "差额", "stated - parts_sum (never adjusted away)"),
    _F("rounding_margin", "Float64", "见 unit", "舍入容差", "Half a unit of the last printed digit of the total and of each part, added up"),
    _F("is_consistent", "boolean", "", "是否一致", "True where the parts add up exactly to the stated total"),
    _F("is_within_rounding", "boolean", "", "是否在舍入范围内", "True where |difference| <= rounding_margin: the mismatch can come from rounding in print"),
    _F("part_statement", "category", "", "分项层级", "Level of the parts summed: channel_total (channels), method_total (methods) or part (use types); a total broken down twice gives two rows; conflict: another candidate total for the same thing that disagrees with this one (never summed)", ('channel_total', 'method_total', 'part', 'conflict')),
    _F("part_item_ids", "string", "", "分项条目", "item_ids of the parts, separated by '; '"),
    _F("stated_printed", "string", "", "合计原文", "The stated total as printed"),
    # --- completeness of the number inventory
    _F("status", "category", "", "去向", "fact (read into a table), excluded (not data, with a reason), heading (section numbering) or unaccounted", ('fact', 'excluded', 'heading', 'unaccounted')),
    _F("used_by", "string", "", "使用方", "table:item that reads the number, e.g. land_transfers:transfer.total"),
    _F("reason", "string", "", "排除原因", "Why an excluded number is not data (date, name, scale)"),
    # --- ratios (issue 3): derived measures, src/analysis/ratios.py
    _F("is_derived", "boolean", "", "是否派生", "True where the row is computed here (a subtotal or total the report does not state)"),
    _F("parcels_share_pct", "Float64", "%", "宗数占比", "Share of the parcels of the breakdown, in percent"),
    _F("area_share_pct", "Float64", "%", "面积占比", "Share of the area of the breakdown, in percent"),
    _F("revenue_share_pct", "Float64", "%", "出让金占比", "Share of the proceeds of the breakdown, in percent"),
    _F("avg_parcel_area_mu", "Float64", "亩/宗", "平均每宗面积", "Average parcel size: area_mu / parcels"),
    _F("price_wan_yuan_per_mu", "Float64", "万元/亩", "亩均出让价款", "Proceeds per mu of land: revenue_yuan / 10000 / area_mu"),
    _F("price_yuan_per_m2", "Float64", "元/平方米", "单位面积出让价款", "Proceeds per square metre of land: revenue_yuan / (area_mu × 10000/15)"),
    _F("state_supply_parcels_share_pct", "Float64", "%", "占国有建设用地供应宗数比例", "Share of the parcels of state land supplied (出让 + 划拨), in percent"),
    _F("state_supply_area_share_pct", "Float64", "%", "占国有建设用地供应面积比例", "Share of the area of state land supplied (出让 + 划拨), in percent"),
    _F("share_of_parent_pct", "Float64", "%", "占上级地类比例", "Share of the class it is part of (耕地 of 农用地), in percent"),
    _F("ratio_group", "category", "", "比率类别", "transfers, supply, land_use or indicators", ('transfers', 'supply', 'land_use', 'indicators')),
    _F("ratio_id", "string", "", "比率编号", "Stable identifier of the ratio, e.g. price_per_mu.industrial"),
    _F("value", "Float64", "见 unit", "数值", "The ratio, unrounded (round only for display)"),
    _F("numerator", "Float64", "见 formula", "分子", "Numerator before scaling, in the unit of its operands (元, 亩, 公顷, 宗, 个, or a ratio); empty for a rate the report prints"),
    _F("denominator", "Float64", "见 formula", "分母", "Denominator before scaling, in the unit of its operands; empty where there is none"),
    _F("formula", "string", "", "计算式", "How the row's numbers were computed, with the operands as printed (1563亩 / (1545亩 + ...) × 100)"),
    _F("inputs", "string", "", "来源事实", "The facts the row is computed from, '; '-separated: table:item_id.column or indicators:indicator_id"),
    # --- year-over-year comparison (issue 5): src/analysis/compare.py
    _F("base_report_id", "string", "", "对比报告编号", "report_id of the earlier report the row is compared against"),
    _F("base_year", "Int64", "年", "对比报告年份", "Year the earlier report covers"),
    _F("base_item_id", "string", "", "对比条目编号", "item_id of the row in the earlier report (empty where that report lacks it)"),
    _F("base_parcels", "Int64", "宗", "对比宗数", "Number of parcels in the earlier report"),
    _F("parcels_change", "Int64", "宗", "宗数变化", "parcels - base_parcels"),
    _F("parcels_change_pct", "Float64", "%", "宗数变化率", "parcels_change as a percentage of base_parcels"),
    _F("base_area_mu", "Float64", "亩", "对比面积（亩）", "Land area in mu in the earlier report"),
    _F("area_change_mu", "Float64", "亩", "面积变化（亩）", "area_mu - base_area_mu"),
    _F("area_change_pct", "Float64", "%", "面积变化率", "Area change as a percentage of the earlier area"),
    _F("base_revenue_yuan", "Float64", "元", "对比出让金额（元）", "Proceeds in yuan in the earlier report"),
    _F("revenue_change_yuan", "Float64", "元", "出让金额变化（元）", "revenue_yuan - base_revenue_yuan"),
    _F("revenue_change_pct", "Float64", "%", "出让金额变化率", "revenue_change_yuan as a percentage of base_revenue_yuan"),
    _F("base_price_wan_yuan_per_mu", "Float64", "万元/亩", "对比亩均出让价款", "Proceeds per mu in the earlier report: base_revenue_yuan / 10000 / base_area_mu"),
    _F("price_change_wan_yuan_per_mu", "Float64", "万元/亩", "亩均出让价款变化", "price_wan_yuan_per_mu - base_price_wan_yuan_per_mu"),
    _F("price_change_pct", "Float64", "%", "亩均出让价款变化率", "price_change_wan_yuan_per_mu as a percentage of base_price_wan_yuan_per_mu"),
    _F("base_reference_year", "Int64", "年", "对比数据年份", "Year the earlier report's land-use figures describe (its survey year)"),
    _F("base_area_ha", "Float64", "公顷", "对比面积（公顷）", "Land area in hectares in the earlier report"),
    _F("area_change_ha", "Float64", "公顷", "面积变化（公顷）", "area_ha - base_area_ha"),
]
# fmt: on
FIELDS: dict[str, Field] = {f.name: f for f in _DECLARED}

REPORT = ("report_id", "district", "year")  # the report a row is from, first in every per-report table
PROVENANCE = (
    "section_no",
    "section",
    "quote",
    "quote_start",
    "quote_end",
    "sentence",
)  # last in a fact table
