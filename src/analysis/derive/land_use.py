"""Land use by class: shares of the total area, 耕地 within 农用地, development intensity.

    land_use_ratio_list(rows)      one report's land-use ratios, long form
    land_use_ratios(report)        the wide table, one row per class and a derived total
    development_intensity(report)  建设用地 / total, with and without 未利用地 (key_ratios rows)

NOTES
- The total is the sum of the broad classes (classification 三大类; in a
  frame without that column, the classes without a parent): 农用地 + 建设用地 +
  未利用地; the report states none. A first-level class (耕地, 林地 ...) is
  never added again, whether or not the text names its parent.
- Development intensity is 建设用地 / that total. 未利用地 in the three-class
  mapping includes rivers and lake water, so the intensity is also given
  without it. The often-cited 30 % is a rule of thumb, not a legal limit.
"""

from __future__ import annotations

from fractions import Fraction

from ..extract import vocabulary
from ..source.quantities import convert
from ..tables import schema
from ..tables.catalog import declare
from .inputs import by_report, identity, key_of, land_use_term, names, note
from .terms import Calc, Gap, Ratio, Term, computed, divide, left_out, pivot, total

__all__ = ["development_intensity", "land_use_ratio_list", "land_use_ratios"]

LAND_USE_TOTAL = "land_use.total"
_COLUMNS = {"area_share": "area_share_pct", "share_of_parent": "share_of_parent_pct"}
_TOTAL_AREA = (("ha", "公顷"), ("mu", "亩"), ("km2", "平方公里"))  # key, unit of the total_area ratios


def _broad(report_id: str, rows: list[dict], table: str) -> tuple[list[dict], dict[str, dict], Term] | None:
    """The broad classes (no parent), every class by key, and their total (公顷); None (said) without one."""
    classified = any(r.get("classification") for r in rows)
    broad = [
        r for r in rows if (r.get("classification") == "三大类" if classified else not r.get("parent_class"))
    ]
    if not broad:
        left_out(
            report_id, table, "no land-use ratios: the report gives no broad land class (empty parent_class)"
        )
        return None
    by_key = {key_of("land_class", r["land_class"]): r for r in rows}
    return broad, by_key, total([land_use_term(r) for r in broad])


def _parent_term(rows: list[dict], child: dict) -> Term | Gap:
    parent = next((r for r in rows if str(r["land_class"]) == str(child["parent_class"])), None)
    if parent is None:
        return Gap(
            f"{child['land_class']} is part of {child['parent_class']}, which the report does not give"
        )
    return land_use_term(parent)


def _class_shares(report_id: str, rows: list[dict], whole: Term) -> list[Ratio]:
    """Each class's share of the total; a class with a parent also its share of the parent."""
    out = []
    for r in rows:
        key, item = key_of("land_class", r["land_class"]), _item(r)
        area = land_use_term(r)
        if not r.get("parent_class"):
            name = names("land_area_share", item)  # a broad class, or a first-level class named alone
            out.append(
                Ratio(
                    "land_use",
                    f"area_share.{key}",
                    "area_share",
                    r["item_id"],
                    name,
                    "%",
                    divide(area, whole, 100),
                )
            )
            continue
        calc = divide(area, whole, 100)
        out.append(
            Ratio(
                "land_use",
                f"{key}_share.of_total",
                "area_share",
                r["item_id"],
                _name(f"{key}_share_of_total", "land_area_share", item),
                "%",
                calc,
            )
        )
        parent_key = key_of("land_class", r["parent_class"])
        calc = divide(area, _parent_term(rows, r), 100)
        name = _name(f"{key}_share_of_{parent_key}", "share_of_parent_class", item)
        out.append(
            Ratio(
                "land_use", f"{key}_share.of_{parent_key}", "share_of_parent", r["item_id"], name, "%", calc
            )
        )
    return out


def _name(ratio: str, generic: str, item: tuple[str, str]) -> tuple[str, str]:
    """The ratio's own name (耕地占农用地比例), or the generic one with the class (占上级地类比例（园地）)."""
    try:
        return names(ratio)
    except KeyError:
        return names(generic, item)


def _item(row: dict) -> tuple[str, str]:
    return str(row["land_class"]), str(row.get("land_class_en") or row["land_class"])


def _intensity(report_id: str, rows: list[dict], table: str = "key_ratios") -> list[Ratio]:
    found = _broad(report_id, rows, table)
    if found is None:
        return []
    broad, by_key, whole = found
    if "construction" not in by_key:
        left_out(
            report_id, table, "no development intensity: the report gives no 建设用地 (construction land)"
        )
        return []
    construction = land_use_term(by_key["construction"])
    calc = divide(construction, whole, 100)
    name, out = names("development_intensity"), []
    out.append(
        Ratio(
            "land_use",
            "development_intensity",
            "development_intensity",
            None,
            name,
            "%",
            calc,
            note("thirty_percent"),
        )
    )
    land = [r for r in broad if key_of("land_class", r["land_class"]) != "unused"]
    if len(land) < len(broad):
        calc = divide(construction, total([land_use_term(r) for r in land]), 100)
        ratio_id, name = (
            "development_intensity.excluding_unused",
            names("development_intensity_excluding_unused"),
        )
        out.append(
            Ratio(
                "land_use", ratio_id, "development_intensity", None, name, "%", calc, note("unused_is_water")
            )
        )
    return out


def _total_areas(whole: Term) -> list[Ratio]:
    """The total of the broad classes in 公顷, 亩 and 平方公里."""
    out = []
    for key, unit in _TOTAL_AREA:
        factor = convert(1, "公顷", unit)
        text = (
            whole.text
            if factor == 1
            else f"{whole.text} × {factor}"
            if factor > 1
            else f"{whole.text} / {1 / factor}"
        )
        calc = Calc(whole.value * factor, text, whole.ids)
        out.append(
            Ratio(
                "land_use",
                f"total_area.{key}",
                "total_area",
                LAND_USE_TOTAL,
                names(f"total_area_{key}"),
                unit,
                calc,
            )
        )
    return out


def land_use_ratio_list(report_id: str, rows: list[dict], table: str = "key_ratios") -> list[Ratio]:
    """Every land-use ratio of one report that it gives the facts for, in the order key_ratios lists them."""
    found = _broad(report_id, rows, table)
    if found is None:
        return []
    broad, _, whole = found
    shares = _class_shares(report_id, rows, whole)
    in_order = [s for s in shares if s.item_id in {r["item_id"] for r in broad}]
    in_order += [s for s in shares if s not in in_order]
    has_construction = any(key_of("land_class", r["land_class"]) == "construction" for r in broad)
    intensity = _intensity(report_id, rows, table) if has_construction else []
    return computed(report_id, table, _total_areas(whole) + in_order + intensity)


def _wide_rows(report_id: str, rows: list[dict]) -> list[dict]:
    found = _broad(report_id, rows, "land_use_ratios")
    if found is None:
        return []
    broad, _, whole = found
    ratios = land_use_ratio_list(report_id, rows, "land_use_ratios")
    copied = ("item_id", "land_class", "land_class_en", "parent_class", "parent_class_en", "reference_year")

    def base(r: dict, area: Fraction, **over) -> dict:
        areas = {f"area_{unit}": float(convert(area, "公顷", name)) for unit, name in _TOTAL_AREA}
        flags = {"is_total": False, "is_derived": False}
        return {**identity(r), **{k: r.get(k) for k in copied}, **flags, **areas, **over}

    out = [
        pivot(base(r, land_use_term(r).value), [x for x in ratios if x.item_id == r["item_id"]], _COLUMNS)
        for r in rows
    ]
    label = {"land_class": vocabulary.label("land_class", "total")}
    label["land_class_en"] = vocabulary.label("land_class", "total", "en")
    parents = {"parent_class": None, "parent_class_en": None}
    over = {"item_id": LAND_USE_TOTAL, **label, **parents, "is_total": True, "is_derived": True}
    row = pivot(base(broad[0], whole.value, **over, area_share_pct=100.0), (), _COLUMNS, whole.ids)
    row["formula"] = f"area_ha = {whole.text}; area_mu = area_ha × 15; area_km2 = area_ha / 100"
    return [*out, row]


@declare(
    "land_use_ratios",
    "土地利用结构",
    "Land use by class: share of the total of the three broad classes; cultivated land within agricultural land",
    columns=(
        *schema.REPORT,
        "item_id",
        "land_class",
        "land_class_en",
        "parent_class",
        "parent_class_en",
        "reference_year",
        "is_total",
        "is_derived",
        "area_ha",
        "area_mu",
        "area_km2",
        *_COLUMNS.values(),
        "formula",
        "inputs",
    ),
    kind="derived",
)
def land_use_ratios(report=None, *, land_use=None):
    """Each land class: area (公顷, 亩, km²) and share (%) of the total of the broad classes.

    A class within another (耕地 in 农用地) also gets its share of that class;
    the derived total row sums the broad classes only.
    """
    groups = by_report("land_use", land_use, report)
    rows = [r for rid, group in groups.items() for r in _wide_rows(rid, group)]
    return schema.conform(rows, "land_use_ratios", {"land_class": vocabulary.zh_labels("land_class")})


def development_intensity(report=None, *, land_use=None):
    """建设用地 / total of the broad classes (%), and without 未利用地; key_ratios rows."""
    from .terms import ratio_row

    groups = by_report("land_use", land_use, report)
    rows = [
        ratio_row(identity(group[0]), r)
        for rid, group in groups.items()
        for r in computed(rid, "development_intensity", _intensity(rid, group, "development_intensity"))
    ]
    return schema.conform(rows, "key_ratios")
