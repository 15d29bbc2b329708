"""State land transfers (出让) by use type: shares, parcel size, prices per 亩 and per m².

    transfer_ratio_list(rows)          one report's ratios, long form (key_ratios rows)
    transfer_ratios(report)            the wide table: one row per item, a pivot of those ratios

NOTES
- Denominators. The report's stated 出让 total differs from the sum of its
  four parts: 3771.3 vs 3771.41 亩 and 203.75 vs 203.69 亿元 (reconcile()
  shows both are within print rounding; 7亿元 and 152亿元 are rounded to
  whole 亿). We never adjust either figure. Rule: a share *within a
  breakdown* divides by the sum of that breakdown's parts, so the shares add
  up to exactly 100 % and no 0.06 亿元 belongs to no use type; a ratio *of
  totals* (the overall average price) uses the totals as stated, because they
  are the report's headline and the more precisely printed figures. The
  formula column shows which one each row used.
- The listed (挂牌) subtotal is derived here (is_derived), never read as a
  stated total.
- An incomplete report is read (README): without a stated 出让 total there
  are no transfer ratios; without parts, only the overall averages; without
  proceeds, no revenue shares or prices. What is left out is said once per
  report (terms.computed); nothing is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..extract import vocabulary
from ..source.quantities import convert
from ..tables import schema
from ..tables.catalog import declare
from .inputs import by_report, identity, item_names, key_of, names, note, transfer_term
from .terms import Calc, Gap, Ratio, Term, computed, divide, left_out, of, pivot, total

__all__ = [
    "TRANSFER_TOTAL",
    "Breakdown",
    "breakdown",
    "has_breakdown",
    "transfer_ratio_list",
    "transfer_ratios",
]

TRANSFER_TOTAL = "transfer.total"
LISTED = "transfer.listed"
MEASURES = ("parcels", "area_mu", "revenue_yuan")
_SHARES = {"parcels_share": "parcels", "area_share": "area_mu", "revenue_share": "revenue_yuan"}
WAN_PER_YUAN = convert(1, "元", "万元")  # 1 元 in 万元
M2_PER_MU = convert(1, "亩", "平方米")  # 10000/15, exact
_COLUMNS = {  # ratio measure -> column of transfer_ratios, in the table's order
    "parcels_share": "parcels_share_pct",
    "area_share": "area_share_pct",
    "revenue_share": "revenue_share_pct",
    "avg_parcel_area": "avg_parcel_area_mu",
    "price_per_mu": "price_wan_yuan_per_mu",
    "price_per_m2": "price_yuan_per_m2",
}


@dataclass(frozen=True)
class Breakdown:
    """One report's 出让 total and its parts by use type, as exact terms."""

    total: dict  # the stated total's row
    parts: list[dict]  # rows whose parent is the total, in report order

    @cached_property
    def terms(self) -> dict[str, dict[str, Term | Gap]]:
        """item_id -> measure -> term, for the stated total and each part."""
        return {r["item_id"]: {c: transfer_term(r, c) for c in MEASURES} for r in [self.total, *self.parts]}

    @cached_property
    def sums(self) -> dict[str, Term | Gap]:
        """measure -> the sum of the parts (the denominator of every share)."""
        return self.subtotal(self.parts)

    @cached_property
    def listed(self) -> list[dict]:
        """The parts sold by listing (挂牌)."""
        return [r for r in self.parts if key_of("method", r["method"]) == "listing"]

    def subtotal(self, rows: list[dict]) -> dict[str, Term | Gap]:
        return {c: total([self.terms[r["item_id"]][c] for r in rows]) for c in MEASURES}


def has_breakdown(rows: list[dict]) -> bool:
    """True when the rows hold a stated 出让 total with parts by use type (what the transfer ratios need)."""
    return any(r["item_id"] == TRANSFER_TOTAL for r in rows) and any(
        r.get("parent_item_id") == TRANSFER_TOTAL for r in rows
    )


def breakdown(report_id: str, rows: list[dict]) -> Breakdown | None:
    """The 出让 breakdown of one report's land_transfers rows (its parts may be none); None without a total."""
    by_id = {r["item_id"]: r for r in rows}
    if TRANSFER_TOTAL not in by_id:
        return None
    return Breakdown(by_id[TRANSFER_TOTAL], [r for r in rows if r.get("parent_item_id") == TRANSFER_TOTAL])


def _unit_measures(t: dict[str, Term | Gap]) -> dict[str, tuple[str, Calc | Gap]]:
    """Prices (万元/亩, 元/平方米) and parcel size (亩/宗) of one set of terms: measure -> (unit, calc)."""
    revenue, area = t["revenue_yuan"], t["area_mu"]
    yuan, mu = getattr(revenue, "text", ""), getattr(area, "text", "")  # a Gap has no text: no formula
    return {
        "price_per_mu": ("万元/亩", divide(revenue, area, WAN_PER_YUAN, f"{yuan} / {mu}")),
        "price_per_m2": (
            "元/平方米",
            divide(revenue, area, 1 / M2_PER_MU, f"{yuan} / ({mu} × 10000/15 平方米/亩)"),
        ),
        "avg_parcel_area": ("亩/宗", divide(area, t["parcels"])),
    }


def _shares(t: dict[str, Term | Gap], sums: dict[str, Term | Gap]) -> dict[str, Calc | Gap]:
    """Shares (%) of the sum of the parts: parcels, area, proceeds."""
    return {measure: divide(t[column], sums[column], 100) for measure, column in _SHARES.items()}


def transfer_ratio_list(report_id: str, rows: list[dict], table: str | None = "key_ratios") -> list[Ratio]:
    """Every transfer ratio of one report that it gives the facts for, in the order key_ratios lists
    them; what is left out is said (a warning naming `table`; none when it is None)."""
    b = breakdown(report_id, rows)
    if b is None:
        if table is not None:
            left_out(
                report_id, table, f"no transfer ratios: the report states no 出让 total ({TRANSFER_TOTAL})"
            )
        return []
    return computed(report_id, table, _ratios(b))


def _ratios(b: Breakdown) -> list[Ratio]:
    """Every transfer ratio of a breakdown; those it lacks an operand for have a Gap as their value."""
    items = [
        (key_of("use_type", r["use_type"]), r["item_id"], _item(r), b.terms[r["item_id"]]) for r in b.parts
    ]
    out = [
        Ratio("transfers", f"{measure}.{key}", measure, item_id, names(measure, item), "%", calc)
        for key, item_id, item, t in items
        for measure, calc in _shares(t, b.sums).items()
    ]
    summaries = list(items)
    if b.listed:
        summaries.append(("listed", LISTED, item_names("listed"), b.subtotal(b.listed)))
    summaries.append(("overall", TRANSFER_TOTAL, item_names("overall"), b.terms[TRANSFER_TOTAL]))
    prices = {}
    for key, item_id, item, t in summaries:
        measures = _unit_measures(t)
        for measure, (unit, calc) in measures.items():
            out.append(
                Ratio("transfers", f"{measure}.{key}", measure, item_id, names(measure, item), unit, calc)
            )
        prices[key] = measures["price_per_mu"][1]
    if b.listed:
        for measure, calc in _shares(b.subtotal(b.listed), b.sums).items():
            stem = _SHARES[measure].split("_")[0]  # parcels, area, revenue
            out.append(
                Ratio(
                    "transfers",
                    f"listed_share.{stem}",
                    measure,
                    LISTED,
                    names(f"listed_share_{stem}"),
                    "%",
                    calc,
                )
            )
    return out + _price_comparisons(prices)


def _price_comparisons(prices: dict[str, Calc | Gap]) -> list[Ratio]:
    out = []
    if {"residential_commercial", "industrial"} <= prices.keys():
        calc = of(prices["residential_commercial"], prices["industrial"])
        ratio_id = "price_multiple.residential_commercial_over_industrial"
        out.append(Ratio("transfers", ratio_id, "price_multiple", None, names("price_multiple"), "倍", calc))
    if {"residential_commercial", "resettlement_housing"} <= prices.keys():
        calc = of(prices["resettlement_housing"], prices["residential_commercial"], 100)
        ratio_id = "price_ratio.resettlement_over_residential_commercial"
        name = names("resettlement_price_ratio")
        out.append(
            Ratio("transfers", ratio_id, "price_ratio", None, name, "%", calc, note("resettlement_price"))
        )
    return out


def _item(row: dict) -> tuple[str, str]:
    return str(row["use_type"]), str(row.get("use_type_en") or row["use_type"])


def _measure(term: Term | Gap, kind: type = float):
    return None if isinstance(term, Gap) else kind(term.value)


def _wide_rows(report_id: str, rows: list[dict]) -> list[dict]:
    b = breakdown(report_id, rows)
    ratios = transfer_ratio_list(report_id, rows, "transfer_ratios")
    if b is None:
        return []

    def base(r: dict, t: dict[str, Term | Gap], **over) -> dict:
        copied = {k: r.get(k) for k in ("item_id", "method", "method_en", "use_type", "use_type_en")}
        measures = {"parcels": _measure(t["parcels"], int), **{c: _measure(t[c]) for c in MEASURES[1:]}}
        return {
            **identity(r),
            **copied,
            "is_total": bool(r.get("is_total")),
            "is_derived": False,
            **measures,
            **over,
        }

    def row(r: dict, t: dict[str, Term | Gap], of_item: str, **over) -> dict:
        return pivot(base(r, t, **over), (x for x in ratios if x.item_id == of_item), _COLUMNS)

    out = [row(b.total, b.terms[TRANSFER_TOTAL], TRANSFER_TOTAL)]
    out += [row(r, b.terms[r["item_id"]], r["item_id"]) for r in b.parts]
    if b.listed:
        total_label = {"use_type": vocabulary.label("use_type", "total")}
        total_label["use_type_en"] = vocabulary.label("use_type", "total", "en")
        over = {"item_id": LISTED, **total_label, "is_total": True, "is_derived": True}
        out.append(row(b.listed[0], b.subtotal(b.listed), LISTED, **over))
    return out


@declare(
    "transfer_ratios",
    "国有建设用地出让结构与价格",
    "State land transfers by use type: shares of parcels, area and proceeds, parcel size, price per mu and per m²",
    columns=(
        *schema.REPORT,
        "item_id",
        "method",
        "method_en",
        "use_type",
        "use_type_en",
        "is_total",
        "is_derived",
        "parcels",
        "area_mu",
        "revenue_yuan",
        *_COLUMNS.values(),
        "formula",
        "inputs",
    ),
    kind="derived",
)
def transfer_ratios(report=None, *, land_transfers=None):
    """出让 by use type: shares (%), parcel size (亩/宗), price (万元/亩 and 元/平方米).

    Rows: the stated total (the overall averages), each part by use type, and
    the derived listed (挂牌) subtotal. Shares divide by the sum of the parts.
    """
    groups = by_report("land_transfers", land_transfers, report)
    return schema.conform(
        [r for rid, rows in groups.items() for r in _wide_rows(rid, rows)], "transfer_ratios"
    )
