"""Derived measures: shares, prices, intensities and rates, each row naming its inputs.

    transfer_ratios()      出让 by use type: shares, parcel size, price per 亩 and per m²
    supply_ratios()        出让 and 划拨 as shares of state land supplied; collective entries apart
    land_use_ratios()      each class's share of the total; 耕地 within 农用地; 公顷, 亩, km²
    development_intensity() 建设用地 / total, with and without 未利用地
    indicator_ratios()     the checks a planning reviewer makes (derive/rules/indicator_ratios.csv)
    key_ratios()           all of the above, one ratio per row, for notebooks

Each function takes the tidy tables (default: read them for `report`) and
returns a frame declared in schema.py. Every row carries `formula`, written
with the operands as the report prints them (1563亩 / (1545亩 + ...) × 100),
and `inputs`, the ids of the facts it was computed from
(`land_transfers:transfer.industrial.revenue_yuan`,
`land_use:land_use.construction.area_ha`, `indicators:major_projects_listed`).

NOTES
- Denominators. The report's stated 出让 total differs from the sum of its
  four parts: 3771.3 vs 3771.41 亩 and 203.75 vs 203.69 亿元 (reconcile()
  shows both are within print rounding; 7亿元 and 152亿元 are rounded to
  whole 亿). We never adjust either figure. Rule: a share *within a
  breakdown* divides by the sum of that breakdown's parts, so the shares
  add up to exactly 100 % and no 0.06 亿元 belongs to no use type; a ratio
  *of totals* (the overall average price, 出让 against 划拨) uses the totals as
  stated, because they are the report's headline and the more precisely
  printed figures. The formula column shows which one each row used.
- Development intensity is 建设用地 / the total of the three broad classes
  (农用地 + 建设用地 + 未利用地; the report states no total). 耕地 is part of
  农用地 and is never added again. 未利用地 in the three-class mapping
  includes rivers and lake water, in Wujin mostly 滆湖 and 太湖 water, so the
  intensity is also given without it. The often-cited 30 % is a rule of
  thumb, not a legal limit.
- 1859万元 of collective entries may cover the 4 出让入市 parcels or all 9
  (is_scope_ambiguous): it is carried as its own row, never divided by a
  parcel count or added to a channel.
- Arithmetic is exact: each float of a table is read back as the decimal it
  prints as (Fraction(str(x)): 572.41 -> 57241/100) and converted with exact
  factors (1 亩 = 10000/15 m²); values are rounded only for display.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from ..errors import ExtractionError, SchemaError
from ..extract import vocabulary
from ..source.rules import LabelTable, rule_table, rules_dir
from ..tables import schema

RULES = rules_dir(__file__)
_NAMES = LabelTable(RULES / "ratio_names.csv")

__all__ = [
    "M2_PER_MU",
    "RATIO_TABLES",
    "development_intensity",
    "indicator_ratios",
    "key_ratios",
    "land_use_ratios",
    "supply_ratios",
    "transfer_ratios",
]

M2_PER_MU = Fraction(10000, 15)  # exact, by definition
_WAN = Fraction(10_000)
_TRANSFER_TOTAL, _ALLOCATION_TOTAL = "transfer.total", "allocation.total"
_TRANSFER_COLUMNS = ("report_id", "item_id", "parent_item_id", "method", "use_type", "parcels")
_LAND_USE_COLUMNS = ("report_id", "item_id", "land_class", "parent_class", "area_ha")
_INDICATOR_COLUMNS = ("report_id", "indicator_id", "value_base", "value_printed", "base_unit")


# --- exact terms with their provenance ------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A number with the text it is printed as and the facts it comes from."""

    value: Fraction
    text: str
    ids: tuple[str, ...]


def _union(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for group in groups for i in group))


def _total(terms: Sequence[Term]) -> Term:
    """The sum of terms, printed in brackets when there is more than one."""
    if len(terms) == 1:
        return terms[0]
    return Term(
        sum((t.value for t in terms), Fraction(0)),
        f"({' + '.join(t.text for t in terms)})",
        _union(*(t.ids for t in terms)),
    )


@dataclass(frozen=True)
class Calc:
    """One computed value: value = numerator / denominator × factor."""

    value: Fraction
    formula: str
    inputs: tuple[str, ...]
    numerator: Fraction | None = None
    denominator: Fraction | None = None


def _divide(num: Term, den: Term, factor: Fraction | int = 1, formula: str | None = None) -> Calc:
    """num / den × factor; the formula shows the operands as printed."""
    if den.value == 0:
        raise ExtractionError(f"cannot divide by {den.text} ({', '.join(den.ids)}): it is zero")
    factor = Fraction(factor)
    if formula is None:
        formula = f"{num.text} / {den.text}" + ("" if factor == 1 else f" × {factor}")
    return Calc(num.value / den.value * factor, formula, _union(num.ids, den.ids), num.value, den.value)


def _price_per_mu(revenue: Term, area: Term) -> Calc:
    """万元/亩 from proceeds in 元 and area in 亩."""
    return _divide(revenue, area, 1 / _WAN, f"{revenue.text} / {area.text}")


def _price_per_m2(revenue: Term, area: Term) -> Calc:
    """元/平方米 from proceeds in 元 and area in 亩 (1 亩 = 10000/15 m²)."""
    return _divide(revenue, area, 1 / M2_PER_MU, f"{revenue.text} / ({area.text} × 10000/15 平方米/亩)")


def _of(a: Calc, b: Calc, factor: Fraction | int = 1) -> Calc:
    """A ratio of two computed values, e.g. one price over another."""
    times = "" if factor == 1 else f" × {factor}"
    return Calc(
        a.value / b.value * factor,
        f"({a.formula}) / ({b.formula}){times}",
        _union(a.inputs, b.inputs),
        a.value,
        b.value,
    )


def _exact(value) -> Fraction:
    """The decimal a table's float prints as, exactly (572.41 -> 57241/100)."""
    return Fraction(str(float(value)))


def _num(value: Fraction) -> str:
    """A plain decimal for formulas: 3771.41, 56, 28032.9."""
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return text


def _present(value) -> bool:
    import pandas as pd

    return value is not None and not pd.isna(value)


def _float(value: Fraction | None):
    return None if value is None else float(value)


# --- reading the tidy tables -------------------------------------------------------------

_MEASURES = ("parcels", "area_mu", "revenue_yuan")
_PRINTED = {
    "parcels": ("parcels_printed", "宗"),
    "area_mu": ("area_printed", "亩"),
    "revenue_yuan": ("revenue_printed", "元"),
}


def _require(frame, columns: Sequence[str], table: str) -> None:
    found = list(getattr(frame, "columns", []))
    missing = [c for c in columns if c not in found]
    if missing:
        raise SchemaError(f"table {table}: expected column(s) {missing}, found {found}")


def _by_report(frame, table: str, columns: Sequence[str]) -> dict[str, list[dict]]:
    """The rows of each report in the frame (NA as None), in order of appearance."""
    _require(frame, columns, table)
    groups: dict[str, list[dict]] = {}
    for row in frame.to_dict("records"):
        clean = {k: (v if _present(v) else None) for k, v in row.items()}
        groups.setdefault(str(clean["report_id"]), []).append(clean)
    return groups


def _identity(row: dict) -> dict:
    return {k: row.get(k) for k in ("report_id", "district", "year")}


def _transfer_term(row: dict, column: str) -> Term:
    value = row.get(column)
    if value is None:
        raise ExtractionError(
            f"table land_transfers: report {row['report_id']}: row {row['item_id']}: column {column} is empty"
        )
    printed, unit = _PRINTED[column]
    text = row.get(printed) or f"{_num(_exact(value))}{unit}"
    return Term(_exact(value), str(text), (f"land_transfers:{row['item_id']}.{column}",))


def _land_use_term(row: dict, column: str = "area_ha") -> Term:
    value = _exact(row[column])
    printed = row.get("area_printed") if column == "area_ha" else None
    text = printed or f"{_num(value)}{schema.FIELDS[column].unit}"
    return Term(value, str(text), (f"land_use:{row['item_id']}.{column}",))


def _key(group: str, zh) -> str:
    """The label key of a Chinese label (工业 -> industrial), or the label itself."""
    return vocabulary.code_of(group, str(zh)) or str(zh)


def _labels_of(group: str) -> list[str]:
    """The Chinese labels of a group, in the vocabulary's order (category order)."""
    return vocabulary.zh_labels(group)


def _names(ratio: str, item: tuple[str, str] | None = None) -> tuple[str, str]:
    """(zh, en) name of a ratio from the label table, with the item it is about."""
    zh, en = _NAMES.label("ratio", ratio), _NAMES.label("ratio", ratio, "en")
    if item is None:
        return zh, en
    return f"{zh}（{item[0]}）", f"{en} ({item[1]})"


def _tables(report, **given):
    from .. import tables

    return {
        name: (frame if frame is not None else getattr(tables, name)(report)) for name, frame in given.items()
    }


def _wide_row(base: dict, calcs: dict[str, Calc], inputs: Iterable[str] = ()) -> dict:
    """A row of a wide ratio table: the computed columns, their formulas and inputs."""
    row = {**base, **{column: float(calc.value) for column, calc in calcs.items()}}
    row["formula"] = "; ".join(f"{column} = {calc.formula}" for column, calc in calcs.items()) or None
    row["inputs"] = "; ".join(_union(inputs, *(calc.inputs for calc in calcs.values()))) or None
    return row


def _long(
    identity: dict,
    group: str,
    ratio_id: str,
    names: tuple[str, str],
    unit: str,
    calc: Calc,
    note: tuple[str | None, str | None] = (None, None),
) -> dict:
    """A row of key_ratios."""
    return {
        **identity,
        "ratio_group": group,
        "ratio_id": ratio_id,
        "name_zh": names[0],
        "name_en": names[1],
        "value": float(calc.value),
        "unit": unit,
        "numerator": _float(calc.numerator),
        "denominator": _float(calc.denominator),
        "formula": calc.formula,
        "inputs": "; ".join(calc.inputs),
        "note_zh": note[0],
        "note_en": note[1],
    }


def _note(key: str) -> tuple[str, str]:
    return _NAMES.label("ratio_note", key), _NAMES.label("ratio_note", key, "en")


# --- land transfers ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Transfers:
    """One report's 出让 breakdown as exact terms."""

    total: dict  # the stated total's row
    parts: list[dict]  # rows whose parent is the total, in report order
    terms: dict[str, dict[str, Term]]  # item_id -> measure -> term (parts and the stated total)
    sums: dict[str, Term]  # measure -> sum of the parts
    listed: list[dict]  # the parts sold by listing (挂牌)

    def subtotal(self, rows: list[dict]) -> dict[str, Term]:
        return {c: _total([self.terms[r["item_id"]][c] for r in rows]) for c in _MEASURES}


def _transfers(report_id: str, rows: list[dict]) -> _Transfers:
    by_id = {r["item_id"]: r for r in rows}
    if _TRANSFER_TOTAL not in by_id:
        raise ExtractionError(f"table land_transfers: report {report_id}: no row {_TRANSFER_TOTAL}")
    parts = [r for r in rows if r.get("parent_item_id") == _TRANSFER_TOTAL]
    if not parts:
        raise ExtractionError(f"table land_transfers: report {report_id}: {_TRANSFER_TOTAL} has no parts")
    total = by_id[_TRANSFER_TOTAL]
    terms = {r["item_id"]: {c: _transfer_term(r, c) for c in _MEASURES} for r in [total, *parts]}
    sums = {c: _total([terms[r["item_id"]][c] for r in parts]) for c in _MEASURES}
    listed = [r for r in parts if _key("method", r["method"]) == "listing"]
    return _Transfers(total, parts, terms, sums, listed)


def _unit_measures(t: dict[str, Term]) -> dict[str, Calc]:
    """Parcel size (亩/宗) and prices (万元/亩, 元/平方米) of one set of terms."""
    return {
        "avg_parcel_area_mu": _divide(t["area_mu"], t["parcels"]),
        "price_wan_yuan_per_mu": _price_per_mu(t["revenue_yuan"], t["area_mu"]),
        "price_yuan_per_m2": _price_per_m2(t["revenue_yuan"], t["area_mu"]),
    }


def _shares(t: dict[str, Term], sums: dict[str, Term]) -> dict[str, Calc]:
    """Shares (%) of the sum of the parts: parcels, area, proceeds."""
    return {
        f"{name}_share_pct": _divide(t[c], sums[c], 100)
        for name, c in (("parcels", "parcels"), ("area", "area_mu"), ("revenue", "revenue_yuan"))
    }


def _transfer_rows(report_id: str, rows: list[dict]) -> list[dict]:
    tr = _transfers(report_id, rows)

    def base(r: dict, t: dict[str, Term], **over) -> dict:
        return {
            **_identity(r),
            **{k: r.get(k) for k in ("item_id", "method", "method_en", "use_type", "use_type_en")},
            "is_total": bool(r.get("is_total")),
            "is_derived": False,
            "parcels": int(t["parcels"].value),
            "area_mu": float(t["area_mu"].value),
            "revenue_yuan": float(t["revenue_yuan"].value),
            **over,
        }

    stated = tr.terms[_TRANSFER_TOTAL]
    out = [_wide_row(base(tr.total, stated), _unit_measures(stated))]
    for r in tr.parts:
        t = tr.terms[r["item_id"]]
        out.append(_wide_row(base(r, t), {**_shares(t, tr.sums), **_unit_measures(t)}))
    if tr.listed:
        t = tr.subtotal(tr.listed)
        over = {
            "item_id": "transfer.listed",
            "use_type": vocabulary.label("use_type", "total"),
            "use_type_en": vocabulary.label("use_type", "total", "en"),
            "is_total": True,
            "is_derived": True,
        }
        out.append(_wide_row(base(tr.listed[0], t, **over), {**_shares(t, tr.sums), **_unit_measures(t)}))
    return out


def transfer_ratios(land_transfers=None, *, report=None):
    """出让 by use type: shares (%), parcel size (亩/宗), price (万元/亩 and 元/平方米).

    Rows: the stated total (the overall averages), each part by use type, and
    the derived listed (挂牌) subtotal. Shares divide by the sum of the parts.
    """
    frame = _tables(report, land_transfers=land_transfers)["land_transfers"]
    records = []
    for report_id, rows in _by_report(frame, "land_transfers", _TRANSFER_COLUMNS).items():
        records += _transfer_rows(report_id, rows)
    return schema.conform(records, "transfer_ratios")


def _transfer_key_rows(report_id: str, rows: list[dict]) -> list[dict]:
    tr = _transfers(report_id, rows)
    identity = _identity(tr.total)
    items = [
        (
            _key("use_type", r["use_type"]),
            (str(r["use_type"]), str(r.get("use_type_en") or r["use_type"])),
            tr.terms[r["item_id"]],
        )
        for r in tr.parts
    ]
    out = []

    def add(ratio: str, key: str | None, item, unit: str, calc: Calc, note=(None, None)) -> None:
        ratio_id = f"{ratio}.{key}" if key else ratio
        out.append(_long(identity, "transfers", ratio_id, _names(ratio, item), unit, calc, note))

    for key, item, t in items:
        for name, calc in _shares(t, tr.sums).items():
            add(name.removesuffix("_pct"), key, item, "%", calc)
    summaries = list(items)
    if tr.listed:
        summaries.append(("listed", _item("listed"), tr.subtotal(tr.listed)))
    summaries.append(("overall", _item("overall"), tr.terms[_TRANSFER_TOTAL]))
    prices = {}
    for key, item, t in summaries:
        measures = _unit_measures(t)
        prices[key] = measures["price_wan_yuan_per_mu"]
        add("price_per_mu", key, item, "万元/亩", measures["price_wan_yuan_per_mu"])
        add("price_per_m2", key, item, "元/平方米", measures["price_yuan_per_m2"])
        add("avg_parcel_area", key, item, "亩/宗", measures["avg_parcel_area_mu"])
    if tr.listed:
        t = tr.subtotal(tr.listed)
        for name, calc in _shares(t, tr.sums).items():
            key = name.removesuffix("_share_pct")
            add(f"listed_share_{key}", None, None, "%", calc)
            out[-1]["ratio_id"] = f"listed_share.{key}"
    if {"residential_commercial", "industrial"} <= prices.keys():
        add("price_multiple", None, None, "倍", _of(prices["residential_commercial"], prices["industrial"]))
        out[-1]["ratio_id"] = "price_multiple.residential_commercial_over_industrial"
    if {"residential_commercial", "resettlement_housing"} <= prices.keys():
        calc = _of(prices["resettlement_housing"], prices["residential_commercial"], 100)
        add("resettlement_price_ratio", None, None, "%", calc, _note("resettlement_price"))
        out[-1]["ratio_id"] = "price_ratio.resettlement_over_residential_commercial"
    return out


def _item(key: str) -> tuple[str, str]:
    return _NAMES.label("ratio_item", key), _NAMES.label("ratio_item", key, "en")


# --- supply by channel ------------------------------------------------------------------------


def _supply_rows(report_id: str, rows: list[dict]) -> list[dict]:
    by_id = {r["item_id"]: r for r in rows}
    total = _transfers(report_id, rows).total
    if _ALLOCATION_TOTAL not in by_id:
        raise ExtractionError(f"table land_transfers: report {report_id}: no row {_ALLOCATION_TOTAL}")
    channels = [total, by_id[_ALLOCATION_TOTAL]]
    terms = {r["item_id"]: {c: _transfer_term(r, c) for c in ("parcels", "area_mu")} for r in channels}
    state = {c: _total([terms[r["item_id"]][c] for r in channels]) for c in ("parcels", "area_mu")}
    copied = (
        "item_id",
        "channel",
        "channel_en",
        "method",
        "method_en",
        "parcels",
        "area_mu",
        "revenue_yuan",
        "note_zh",
        "note_en",
    )

    def base(r: dict, **over) -> dict:
        return {
            **_identity(r),
            **{k: r.get(k) for k in copied},
            "is_total": bool(r.get("is_total")),
            "is_derived": False,
            "is_scope_ambiguous": bool(r.get("is_scope_ambiguous")),
            **over,
        }

    out = []
    for r in channels:
        t = terms[r["item_id"]]
        calcs = {
            "avg_parcel_area_mu": _divide(t["area_mu"], t["parcels"]),
            "state_supply_parcels_share_pct": _divide(t["parcels"], state["parcels"], 100),
            "state_supply_area_share_pct": _divide(t["area_mu"], state["area_mu"], 100),
        }
        out.append(_wide_row(base(r), calcs))
    totals = {
        "method": vocabulary.label("method", "total"),
        "method_en": vocabulary.label("method", "total", "en"),
        "is_total": True,
        "is_derived": True,
        "area_mu": None,
        "revenue_yuan": None,  # 划拨 carries no premium; collective: 1859万元 keeps its own row
        "note_zh": None,
        "note_en": None,
    }
    out.append(
        _wide_row(
            base(
                total,
                **totals,
                item_id="state.total",
                parcels=int(state["parcels"].value),
                channel=vocabulary.label("channel", "state_supply"),
                channel_en=vocabulary.label("channel", "state_supply", "en"),
            )
            | {"area_mu": float(state["area_mu"].value)},
            {"avg_parcel_area_mu": _divide(state["area_mu"], state["parcels"])},
        )
    )
    collective = [r for r in rows if _key("channel", r.get("channel")) == "collective"]
    for r in collective:
        column = "parcels" if r.get("parcels") is not None else "revenue_yuan"
        out.append(_wide_row(base(r), {}, (f"land_transfers:{r['item_id']}.{column}",)))
    counted = [r for r in collective if r.get("parcels") is not None]
    if counted:
        n = _total([_transfer_term(r, "parcels") for r in counted])
        row = _wide_row(
            base(counted[0], **totals, item_id="collective.total", parcels=int(n.value)), {}, n.ids
        )
        row["formula"] = f"parcels = {n.text}"
        out.append(row)
    return out


def supply_ratios(land_transfers=None, *, report=None):
    """Supply by channel: 出让 and 划拨 as shares of state land supplied (%, by parcels and by 亩).

    Collective entries (not state land) are listed apart with no share; the
    amount whose scope is unclear keeps its own row and is added to nothing.
    """
    frame = _tables(report, land_transfers=land_transfers)["land_transfers"]
    records = []
    for report_id, rows in _by_report(frame, "land_transfers", (*_TRANSFER_COLUMNS, "channel")).items():
        records += _supply_rows(report_id, rows)
    return schema.conform(records, "supply_ratios", {"channel": _labels_of("channel")})


def _supply_key_rows(report_id: str, rows: list[dict]) -> list[dict]:
    by_id = {r["item_id"]: r for r in rows}
    total = _transfers(report_id, rows).total
    if _ALLOCATION_TOTAL not in by_id:
        raise ExtractionError(f"table land_transfers: report {report_id}: no row {_ALLOCATION_TOTAL}")
    allocation = by_id[_ALLOCATION_TOTAL]
    identity = _identity(total)
    out = []
    for column, key in (("area_mu", "area"), ("parcels", "parcels")):
        part = _transfer_term(allocation, column)
        calc = _divide(part, _total([_transfer_term(total, column), part]), 100)
        out.append(
            _long(identity, "supply", f"allocation_share.{key}", _names(f"allocation_share_{key}"), "%", calc)
        )
    item = (str(allocation["channel"]), str(allocation.get("channel_en") or allocation["channel"]))
    calc = _divide(_transfer_term(allocation, "area_mu"), _transfer_term(allocation, "parcels"))
    out.append(
        _long(
            identity, "supply", "avg_parcel_area.allocation", _names("avg_parcel_area", item), "亩/宗", calc
        )
    )
    return out


# --- land use ------------------------------------------------------------------------------------


def _broad(report_id: str, rows: list[dict]) -> tuple[list[dict], dict[str, dict], Term]:
    """The broad classes (no parent), every class by key, and their total (公顷)."""
    broad = [r for r in rows if not r.get("parent_class")]
    if not broad:
        raise ExtractionError(f"table land_use: report {report_id}: no broad land class (empty parent_class)")
    by_key = {_key("land_class", r["land_class"]): r for r in rows}
    return broad, by_key, _total([_land_use_term(r) for r in broad])


def _land_use_rows(report_id: str, rows: list[dict]) -> list[dict]:
    broad, _, total = _broad(report_id, rows)
    by_class = {str(r["land_class"]): r for r in rows}

    def base(r: dict, area: Fraction, **over) -> dict:
        return {
            **_identity(r),
            **{
                k: r.get(k)
                for k in ("item_id", "land_class", "land_class_en", "parent_class", "reference_year")
            },
            "is_total": False,
            "is_derived": False,
            "area_ha": float(area),
            "area_mu": float(area * 15),
            "area_km2": float(area / 100),
            **over,
        }

    out = []
    for r in rows:
        area = _land_use_term(r)
        calcs = {"area_share_pct": _divide(area, total, 100)}
        if r.get("parent_class"):
            parent = by_class.get(str(r["parent_class"]))
            if parent is None:
                raise ExtractionError(
                    f"table land_use: report {report_id}: {r['land_class']} is part of {r['parent_class']},"
                    " which has no row"
                )
            calcs["share_of_parent_pct"] = _divide(area, _land_use_term(parent), 100)
        out.append(_wide_row(base(r, area.value), calcs))
    over = {
        "item_id": "land_use.total",
        "land_class": vocabulary.label("land_class", "total"),
        "land_class_en": vocabulary.label("land_class", "total", "en"),
        "parent_class": None,
        "is_total": True,
        "is_derived": True,
        "area_share_pct": 100.0,
    }
    row = _wide_row(base(broad[0], total.value, **over), {}, total.ids)
    row["formula"] = f"area_ha = {total.text}; area_mu = area_ha × 15; area_km2 = area_ha / 100"
    out.append(row)
    return out


def land_use_ratios(land_use=None, *, report=None):
    """Each land class: area (公顷, 亩, km²) and share (%) of the total of the three broad classes.

    耕地 also gets its share of 农用地; the derived total row sums the broad
    classes only (耕地 is inside 农用地).
    """
    frame = _tables(report, land_use=land_use)["land_use"]
    records = []
    for report_id, rows in _by_report(frame, "land_use", _LAND_USE_COLUMNS).items():
        records += _land_use_rows(report_id, rows)
    return schema.conform(records, "land_use_ratios", {"land_class": _labels_of("land_class")})


def _intensity_rows(report_id: str, rows: list[dict]) -> list[dict]:
    broad, by_key, total = _broad(report_id, rows)
    if "construction" not in by_key:
        raise ExtractionError(f"table land_use: report {report_id}: no row for 建设用地 (construction land)")
    identity = _identity(broad[0])
    construction = _land_use_term(by_key["construction"])
    out = [
        _long(
            identity,
            "land_use",
            "development_intensity",
            _names("development_intensity"),
            "%",
            _divide(construction, total, 100),
            _note("thirty_percent"),
        )
    ]
    land = [r for r in broad if _key("land_class", r["land_class"]) != "unused"]
    if len(land) < len(broad):
        calc = _divide(construction, _total([_land_use_term(r) for r in land]), 100)
        out.append(
            _long(
                identity,
                "land_use",
                "development_intensity.excluding_unused",
                _names("development_intensity_excluding_unused"),
                "%",
                calc,
                _note("unused_is_water"),
            )
        )
    return out


def development_intensity(land_use=None, *, report=None):
    """建设用地 / total of the three broad classes (%), and without 未利用地; key_ratios rows."""
    frame = _tables(report, land_use=land_use)["land_use"]
    records = []
    for report_id, rows in _by_report(frame, "land_use", _LAND_USE_COLUMNS).items():
        records += _intensity_rows(report_id, rows)
    return schema.conform(records, "key_ratios")


def _land_use_key_rows(report_id: str, rows: list[dict]) -> list[dict]:
    broad, by_key, total = _broad(report_id, rows)
    identity = _identity(broad[0])
    out = [
        _long(
            identity,
            "land_use",
            "total_area.ha",
            _names("total_area_ha"),
            "公顷",
            Calc(total.value, total.text, total.ids),
        ),
        _long(
            identity,
            "land_use",
            "total_area.mu",
            _names("total_area_mu"),
            "亩",
            Calc(total.value * 15, f"{total.text} × 15", total.ids),
        ),
        _long(
            identity,
            "land_use",
            "total_area.km2",
            _names("total_area_km2"),
            "平方公里",
            Calc(total.value / 100, f"{total.text} / 100", total.ids),
        ),
    ]
    for r in broad:
        item = (str(r["land_class"]), str(r.get("land_class_en") or r["land_class"]))
        key = _key("land_class", r["land_class"])
        out.append(
            _long(
                identity,
                "land_use",
                f"area_share.{key}",
                _names("land_area_share", item),
                "%",
                _divide(_land_use_term(r), total, 100),
            )
        )
    if "cultivated" in by_key:
        cultivated = _land_use_term(by_key["cultivated"])
        out.append(
            _long(
                identity,
                "land_use",
                "cultivated_share.of_total",
                _names("cultivated_share_of_total"),
                "%",
                _divide(cultivated, total, 100),
            )
        )
        if "agricultural" in by_key:
            calc = _divide(cultivated, _land_use_term(by_key["agricultural"]), 100)
            out.append(
                _long(
                    identity,
                    "land_use",
                    "cultivated_share.of_agricultural",
                    _names("cultivated_share_of_agricultural"),
                    "%",
                    calc,
                )
            )
    return out + _intensity_rows(report_id, rows)


# --- indicator checks (defined in derive/rules/indicator_ratios.csv) --------------------------------


@cache
def _indicator_specs() -> tuple[dict[str, str], ...]:
    return rule_table(
        RULES,
        "indicator_ratios",
        ("ratio_id", "numerator", "denominator", "multiplier", "unit", "note_zh", "note_en"),
    )


class _Facts:
    """Resolves fact ids (table:item_id.column, indicators:indicator_id) in one report's tables."""

    def __init__(self, transfers: list[dict], land_use: list[dict], indicators: list[dict]):
        self.rows = {
            "land_transfers": {r["item_id"]: r for r in transfers},
            "land_use": {r["item_id"]: r for r in land_use},
            "indicators": {r["indicator_id"]: r for r in indicators},
        }

    def term(self, fact_id: str) -> Term | None:
        table, _, ref = fact_id.strip().partition(":")
        if table == "indicators":
            row = self.rows["indicators"].get(ref)
            if row is None:
                return None
            value, text = _exact(row["value_base"]), str(row["value_printed"])
            if not text.endswith(str(row["base_unit"])):  # 2999公顷 -> 2999公顷(=44985亩)
                text += f"(={_num(value)}{row['base_unit']})"
            return Term(value, text, (f"indicators:{ref}",))
        item, _, column = ref.rpartition(".")
        row = self.rows.get(table, {}).get(item)
        if row is None or row.get(column) is None:
            return None
        return _transfer_term(row, column) if table == "land_transfers" else _land_use_term(row, column)

    def terms(self, expression: str) -> Term | None:
        """A sum of fact ids ('a + b'), or None when the report lacks one of them."""
        found = [self.term(part) for part in expression.split(" + ")]
        return None if any(t is None for t in found) else _total(found)  # type: ignore[arg-type]


def _indicator_rows(identity: dict, facts: _Facts) -> list[dict]:
    out = []
    for spec in _indicator_specs():
        num = facts.terms(spec["numerator"])
        has_den = bool(spec["denominator"].strip())
        den = facts.terms(spec["denominator"]) if has_den else None
        if num is None or (has_den and den is None):
            continue  # this report does not give every operand
        factor = Fraction(spec["multiplier"])
        calc = _divide(num, den, factor) if den is not None else Calc(num.value * factor, num.text, num.ids)
        note = (spec["note_zh"] or None, spec["note_en"] or None)
        out.append(
            _long(
                identity, "indicators", spec["ratio_id"], _names(spec["ratio_id"]), spec["unit"], calc, note
            )
        )
    return out


def indicator_ratios(indicators=None, land_transfers=None, land_use=None, *, report=None):
    """Project and farmland checks (%, 倍, 亩/宗 ...) as key_ratios rows.

    The checks are rows of derive/rules/indicator_ratios.csv; a check whose
    operands a report does not give is left out.
    """
    t = _tables(report, indicators=indicators, land_transfers=land_transfers, land_use=land_use)
    transfers = _by_report(t["land_transfers"], "land_transfers", _TRANSFER_COLUMNS)
    land = _by_report(t["land_use"], "land_use", _LAND_USE_COLUMNS)
    records = []
    for report_id, rows in _by_report(t["indicators"], "indicators", _INDICATOR_COLUMNS).items():
        facts = _Facts(transfers.get(report_id, []), land.get(report_id, []), rows)
        records += _indicator_rows(_identity(rows[0]), facts)
    return schema.conform(records, "key_ratios")


def key_ratios(report=None, *, land_transfers=None, land_use=None, indicators=None):
    """Every ratio, one row each: value (unrounded) in `unit`, with formula and inputs."""
    t = _tables(report, land_transfers=land_transfers, land_use=land_use, indicators=indicators)
    records = []
    for report_id, rows in _by_report(
        t["land_transfers"], "land_transfers", (*_TRANSFER_COLUMNS, "channel")
    ).items():
        records += _transfer_key_rows(report_id, rows) + _supply_key_rows(report_id, rows)
    for report_id, rows in _by_report(t["land_use"], "land_use", _LAND_USE_COLUMNS).items():
        records += _land_use_key_rows(report_id, rows)
    checks = indicator_ratios(t["indicators"], t["land_transfers"], t["land_use"])
    records += [{k: (v if _present(v) else None) for k, v in r.items()} for r in checks.to_dict("records")]
    return schema.conform(records, "key_ratios")


RATIO_TABLES = {  # table name (schema.TABLES) -> the function that builds it for a report
    "transfer_ratios": transfer_ratios,
    "supply_ratios": supply_ratios,
    "land_use_ratios": land_use_ratios,
    "key_ratios": key_ratios,
}
