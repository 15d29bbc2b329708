"""State land supplied by channel: 出让 and 划拨 as shares of the state land supplied.

    supply_ratio_list(rows)    one report's supply ratios, long form
    supply_ratios(report)      the wide table, by channel: a pivot of the transfer and supply ratios

NOTES
- State land supplied is 出让 + 划拨, each as stated; collective entries
  (集体经营性建设用地入市) are not state land and are listed apart, with no share.
- Where the report states its supply total (供应国有建设用地86宗、312.45公顷,
  item supply.total), that total is the denominator, measure by measure, and
  its row is the state row (not derived): 租赁 or 作价出资 inside it then show as
  the shares 出让 and 划拨 do not cover. A measure the stated total lacks is
  the sum of 出让 and 划拨, as without a stated total.
- 1859万元 of collective entries may cover the 4 出让入市 parcels or all 9
  (is_scope_ambiguous): it keeps its own row and is never divided by a parcel
  count or added to a channel.
- A collective total is derived from the parts only where the report states none.
- An incomplete report is read (README): a channel the report does not state
  has no row and no shares; without a stated supply total, state land supplied
  needs both 出让 and 划拨. What is left out is said (terms.computed).
"""

from __future__ import annotations

from ..extract import vocabulary
from ..tables import schema
from ..tables.catalog import declare
from .inputs import by_report, identity, key_of, names, transfer_term
from .terms import Gap, Ratio, Term, computed, divide, left_out, pivot, total
from .transfers import TRANSFER_TOTAL, transfer_ratio_list

__all__ = ["supply_ratio_list", "supply_ratios"]

ALLOCATION_TOTAL = "allocation.total"
_CHANNEL_WORDS = {"transfer.total": "出让", "allocation.total": "划拨"}
STATE_TOTAL = "state.total"
SUPPLY_TOTAL = "supply.total"
_MEASURES = ("parcels", "area_mu")
_COLUMNS = {  # ratio measure -> column of supply_ratios, in the table's order
    "avg_parcel_area": "avg_parcel_area_mu",
    "state_supply_parcels_share": "state_supply_parcels_share_pct",
    "state_supply_area_share": "state_supply_area_share_pct",
}


def _channels(report_id: str, rows: list[dict]) -> tuple[dict[str, dict], dict[str, Term | Gap]]:
    """(the channel totals the report states, 出让 then 划拨, by item; the state-supply sums)."""
    by_id = {r["item_id"]: r for r in rows}
    channels = {item: by_id[item] for item in (TRANSFER_TOTAL, ALLOCATION_TOTAL) if item in by_id}

    def term(item: str, column: str) -> Term | Gap:
        if item not in channels:
            return Gap(f"the report states no {_CHANNEL_WORDS[item]} total ({item})")
        return transfer_term(channels[item], column)

    state = {c: total([term(TRANSFER_TOTAL, c), term(ALLOCATION_TOTAL, c)]) for c in _MEASURES}
    stated = by_id.get(SUPPLY_TOTAL)
    if stated is not None:  # the report's own supply total is the denominator (NOTES)
        state |= {c: transfer_term(stated, c) for c in _MEASURES if stated.get(c) is not None}
    return channels, state


def _state_item(rows: list[dict]) -> str:
    return SUPPLY_TOTAL if any(r["item_id"] == SUPPLY_TOTAL for r in rows) else STATE_TOTAL


def supply_ratio_list(report_id: str, rows: list[dict], table: str = "key_ratios") -> list[Ratio]:
    """Each channel's share of the state land supplied (by area, by parcels), and average parcel sizes:
    those the report gives the facts for (what is left out is said, naming `table`)."""
    channels, state = _channels(report_id, rows)
    out = []
    for item, key in ((ALLOCATION_TOTAL, "allocation"), (TRANSFER_TOTAL, "transfer")):
        if item not in channels:
            continue
        row = channels[item]
        t = {c: transfer_term(row, c) for c in _MEASURES}
        for column, stem in (("area_mu", "area"), ("parcels", "parcels")):
            measure = f"state_supply_{stem}_share"
            calc = divide(t[column], state[column], 100)
            ratio = Ratio(
                "supply", f"{key}_share.{stem}", measure, item, names(f"{key}_share_{stem}"), "%", calc
            )
            out.append(ratio)
        if key == "allocation":
            label = (str(row["channel"]), str(row.get("channel_en") or row["channel"]))
            calc = divide(t["area_mu"], t["parcels"])
            name = names("avg_parcel_area", label)
            out.append(
                Ratio("supply", "avg_parcel_area.allocation", "avg_parcel_area", item, name, "亩/宗", calc)
            )
    label = (vocabulary.label("channel", "state_supply"), vocabulary.label("channel", "state_supply", "en"))
    calc = divide(state["area_mu"], state["parcels"])
    name = names("avg_parcel_area", label)
    state_item = _state_item(rows)
    out.append(
        Ratio("supply", "avg_parcel_area.state_supply", "avg_parcel_area", state_item, name, "亩/宗", calc)
    )
    return computed(report_id, table, out)


_COPIED = (
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


def _base(r: dict, **over) -> dict:
    flags = {"is_total": bool(r.get("is_total")), "is_derived": False}
    flags["is_scope_ambiguous"] = bool(r.get("is_scope_ambiguous"))
    return {**identity(r), **{k: r.get(k) for k in _COPIED}, **flags, **over}


def _derived_total(r: dict, **over) -> dict:
    """A total row this table derives (not stated by the report): no proceeds, no notes."""
    method = {
        "method": vocabulary.label("method", "total"),
        "method_en": vocabulary.label("method", "total", "en"),
    }
    blank = {"area_mu": None, "revenue_yuan": None, "note_zh": None, "note_en": None}
    return _base(r, **{**method, "is_total": True, "is_derived": True, **blank, **over})


def _wide_rows(report_id: str, rows: list[dict]) -> list[dict]:
    channels, state = _channels(report_id, rows)
    # the 出让 row's average parcel size, where the report gives it (what else it lacks: transfer_ratios)
    ratios = transfer_ratio_list(report_id, rows, table=None)
    ratios += supply_ratio_list(report_id, rows, "supply_ratios")

    def of_item(item_id: str) -> list[Ratio]:
        return [r for r in ratios if r.item_id == item_id]

    out = [pivot(_base(r), of_item(item), _COLUMNS) for item, r in channels.items()]
    if not channels:
        left_out(
            report_id, "supply_ratios", "no channel rows: the report states neither a 出让 nor a 划拨 total"
        )
    state_item = _state_item(rows)
    sums = {c: None if isinstance(state[c], Gap) else state[c].value for c in _MEASURES}
    if state_item == SUPPLY_TOTAL or all(v is not None for v in sums.values()):
        key = "supply" if state_item == SUPPLY_TOTAL else "state_supply"
        channel = {
            "channel": vocabulary.label("channel", key),
            "channel_en": vocabulary.label("channel", key, "en"),
        }
        sums = {
            "parcels": None if sums["parcels"] is None else int(sums["parcels"]),
            "area_mu": None if sums["area_mu"] is None else float(sums["area_mu"]),
        }
        if state_item == SUPPLY_TOTAL:
            stated = next(r for r in rows if r["item_id"] == SUPPLY_TOTAL)
            row = _base(stated, **channel, **sums, is_total=True)
        else:
            row = _derived_total(next(iter(channels.values())), item_id=STATE_TOTAL, **channel, **sums)
        out.append(pivot(row, of_item(state_item), _COLUMNS))
    return out + _collective_rows(rows)


def _collective_rows(rows: list[dict]) -> list[dict]:
    collective = [r for r in rows if key_of("channel", r.get("channel")) == "collective"]
    out = []
    for r in collective:
        column = "parcels" if r.get("parcels") is not None else "revenue_yuan"
        out.append(pivot(_base(r), (), _COLUMNS, (f"land_transfers:{r['item_id']}.{column}",)))
    counted = [r for r in collective if r.get("parcels") is not None and not r.get("is_total")]
    if counted and not any(r.get("is_total") for r in collective):
        n = total([transfer_term(r, "parcels") for r in counted])  # every term given: parcels is not None
        row = pivot(
            _derived_total(counted[0], item_id="collective.total", parcels=int(n.value)), (), _COLUMNS, n.ids
        )
        out.append(row | {"formula": f"parcels = {n.text}"})
    return out


@declare(
    "supply_ratios",
    "土地供应渠道结构",
    "Land supply by channel: 出让 and 划拨 as shares of state land supplied; collective entries apart",
    columns=(
        *schema.REPORT,
        "item_id",
        "channel",
        "channel_en",
        "method",
        "method_en",
        "is_total",
        "is_derived",
        "is_scope_ambiguous",
        "parcels",
        "area_mu",
        "revenue_yuan",
        *_COLUMNS.values(),
        "note_zh",
        "note_en",
        "formula",
        "inputs",
    ),
    kind="derived",
)
def supply_ratios(report=None, *, land_transfers=None):
    """Supply by channel: 出让 and 划拨 as shares of state land supplied (%, by parcels and by 亩).

    Collective entries (not state land) are listed apart with no share; the
    amount whose scope is unclear keeps its own row and is added to nothing.
    """
    groups = by_report("land_transfers", land_transfers, report, also=("channel",))
    rows = [r for rid, group in groups.items() for r in _wide_rows(rid, group)]
    return schema.conform(rows, "supply_ratios", {"channel": vocabulary.zh_labels("channel")})
