"""The real-text yardstick: the extractor scored on other people's land text (benchmarks/real/).

    python benchmarks/real.py [-v]

The passages are other people's sentences: they live in benchmarks/real/passages/
(git-ignored, see benchmarks/real/README.md); what the repository keeps is each
passage's address and kind (passages.csv) and its expected rows worked out by
hand (expected.csv). Without the passages folder this script says so and stops.

For each set (study, holdout, holdout2) it prints:

    rows right by numbers         expected rows whose parcels, area (亩), proceeds (元) and share
                                  a found row has exactly
    rows right by numbers+labels  the same, and the labels too: kind (supply, offered, sold),
                                  channel, method, use type and period; land use: class and survey year
    false rows                    found rows whose numbers no expected row has
    passages refused whole        the tables raised an error (ExtractionError) instead of reading
    tracebacks                    any other exception
    negatives empty               negatives (no expected row) that gave two empty tables

The rows scored are those `table` prints by default: a row the trust step withholds
(extract/trust.py, column `withheld`) is not printed and not scored; each set's second line gives
how many were withheld and the score had every row been printed (`table --all-rows`).

A blind set (BLIND) is scored only with --blind, and then as totals only: a run of
`make bench` or a check while developing never shows it (it was shown by accident twice in
round 7 before this). -v lists the differences of every set but the blind ones: a blind set is scored,
never read row by row while the extractor is developed (README). holdout and holdout2
were blind until round 6, which opened them to developers and kept holdout3 blind;
holdout4 was gathered in round 7 and is blind too.
--by-kind adds, for each set, the totals by kind of passage and, for rows right by
numbers but not by labels, which label was wrong. --confusion adds, for each set, the kind of text
extract/text_kind.py reads each passage as against its kind in passages.csv (grouped as
extract/rules/text_kinds.csv groups them): counts only. --write-reliability PATH --sets A,B
[--dev-sets C,D] writes extract/rules/reliability.csv: a line per kind for --sets (unseen=yes when all
are blind) and one per kind for --dev-sets (the sets used in development), each passage under the kind
the classifier gives it (what an analyst is told), printed rows and, in printed_rows_all and
false_rows_all, every row before the trust step (what its gates read). --by-shape adds the found supply rows
by the figures they carry (a count alone, an area and proceeds ...), each right, right by
numbers only, or false: which shapes of row can be trusted. A blind set shows its totals
and its totals by kind only: which label or shape fails would tell a developer what to change.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import corpus  # noqa: E402  the corpus's exact unit table and label conventions

REAL = ROOT / "benchmarks" / "real"
PASSAGES = REAL / "passages"
# gathered in rounds 5, 6, 7, 8, 9, 12, 14 (pool9, pool12: open, for validation; holdout6: blind, round 14)
SETS = (
    "study",
    "holdout",
    "holdout2",
    "holdout3",
    "holdout4",
    "pool7",
    "holdout5",
    "pool9",
    "pool12",
    "holdout6",
)
# read by no developer: scored at a round's start and end only
BLIND = frozenset(("holdout3", "holdout4", "holdout5", "holdout6"))
_COLLECTIVE_LAND = "集体经营性建设用地"


@dataclass
class Passage:
    name: str
    set: str
    kind: str
    report_year: int
    url: str
    expected: list[dict] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return PASSAGES / f"{self.name}.txt"

    @property
    def is_negative(self) -> bool:
        return not self.expected


def passages() -> list[Passage]:
    with open(REAL / "passages.csv", encoding="utf-8", newline="") as f:
        found = {
            r["passage"]: Passage(r["passage"], r["set"], r["kind"], int(r["report_year"]), r["url"])
            for r in csv.DictReader(f)
        }
    with open(REAL / "expected.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            found[row["passage"]].expected.append(row)
    return list(found.values())


def _share(printed: str) -> float | None:
    return float(printed.rstrip("%")) if printed else None


def _exact(printed: str, units: dict) -> float | None:
    return None if not printed else float(corpus.exact(printed, units))


def expected_rows(passage: Passage) -> tuple[list[tuple], list[tuple]]:
    """(supply rows, land-use rows) as (numbers, labels) pairs."""
    supply, land_use = [], []
    for r in passage.expected:
        if r["table"] == "supply":
            numbers = (
                int(r["parcels"]) if r["parcels"] else None,
                _exact(r["area"], corpus._IN_MU),
                _exact(r["revenue"], corpus._IN_YUAN),
                _share(r["share"]),
            )
            supply.append((numbers, (r["kind"], r["channel"], r["method"], r["use_type"], r["period"])))
        else:
            year = int(r["reference_year"]) if r["reference_year"] else None
            land_use.append(((_exact(r["area"], corpus._IN_MU),), (r["land_class"], year)))
    return supply, land_use


def _kind(row, by_id: dict) -> str:
    while row is not None:
        if row.statement in ("market_offered", "market_sold"):
            return row.statement.removeprefix("market_")
        parent = row.parent_item_id
        row = by_id.get(parent) if isinstance(parent, str) else None
    return "supply"


def found_rows(transfers, land_use, years: bool) -> tuple[list[tuple], list[tuple]]:
    import pandas as pd

    def number(value, kind=float):
        return None if pd.isna(value) else kind(value)

    rows = list(transfers.itertuples())
    by_id = {r.item_id: r for r in rows}
    supply = []
    for r in rows:
        channel = corpus._CHANNELS.get(r.channel, r.channel) if isinstance(r.channel, str) else "-"
        # 合计, and on a collective entry the land class itself, name no use type: the hand-worked rows write "-"
        no_use = r.use_type == "合计" or (r.use_type == _COLLECTIVE_LAND and channel == "集体入市")
        use_type = "-" if no_use else r.use_type
        numbers = (number(r.parcels, int), number(r.area_mu), number(r.revenue_yuan), number(r.share_pct))
        supply.append((numbers, (_kind(r, by_id), channel, corpus._method(r), use_type, r.period)))
    uses = [
        (
            (float(r.area_mu),),
            (r.land_class, int(r.reference_year) if years and pd.notna(r.reference_year) else None),
        )
        for r in land_use.itertuples()
    ]
    return supply, uses


@dataclass
class Outcome:
    expected: int = 0
    by_numbers: int = 0
    by_labels: int = 0
    false: int = 0
    refused: bool = False
    traceback: str = ""
    empty: bool = False
    lines: list[str] = field(default_factory=list)
    wrong_labels: Counter = field(default_factory=Counter)  # label name -> rows right by numbers only
    shapes: Counter = field(
        default_factory=Counter
    )  # (figures a found row carries, right/labels/false) -> rows
    provenance: Counter = field(
        default_factory=Counter
    )  # (how a found row was read, right/labels/false) -> rows
    printed: int = 0  # rows the two tables printed
    text_kind: str = ""  # the kind extract/text_kind.py reads the passage as
    withheld: int = 0  # rows the trust step withholds (extract/trust.py): not printed, not scored
    ungated_labels: int = 0  # rows right by numbers+labels and false rows had every row been printed
    ungated_false: int = 0


SUPPLY_LABELS = ("kind", "channel", "method", "use_type", "period")
LAND_USE_LABELS = ("land_class", "survey_year")


def _wrong_labels(want: Counter, got: Counter, names: tuple[str, ...]) -> Counter:
    """For each expected row found by its numbers only, the labels its closest found row gets wrong."""
    wrong = Counter()
    spare = list(got.elements())
    for numbers, labels in want.elements():
        candidates = [g for g in spare if g[0] == numbers]
        if not candidates:
            continue
        best = max(candidates, key=lambda g: sum(a == b for a, b in zip(g[1], labels, strict=True)))
        spare.remove(best)
        wrong.update(
            (n, _shape(n, b), _shape(n, a)) for n, a, b in zip(names, best[1], labels, strict=True) if a != b
        )
    return wrong


def _shape(name: str, value) -> str:
    """A label as the by-kind totals show it: channels, methods and kinds as written; a period by its
    shape (year, month, months, years); a use type or class only as named or not (holdout-safe)."""
    if value in (None, "-", ""):
        return "-"
    if name == "period":
        text = str(value)
        if ".." in text:
            return "months" if "-" in text else "years"
        return "month" if "-" in text else ("year" if text.isdigit() else "plan")
    return str(value) if name in ("kind", "channel", "method") else "named"


def _figures(numbers: tuple) -> str:
    """Which figures a row carries, as --by-shape prints them: P parcels, A area, R proceeds, S share."""
    return "".join(c if v is not None else "." for c, v in zip("PARS", numbers, strict=True))


def _shapes(want: list[tuple], got: list[tuple]) -> Counter:
    """Each found row by the figures it carries and whether it is right (numbers and labels), right by
    numbers only (labels), or false."""
    return Counter((_figures(row[0]), s) for row, s in zip(got, _statuses(want, got), strict=True))


def _statuses(want: list[tuple], got: list[tuple]) -> list[str]:
    """Each found row right (numbers and labels), right by numbers only (labels), or false; whole matches are
    taken first, as the totals count them."""
    whole, numbers = Counter(want), Counter(n for n, _ in want)
    status = [None] * len(got)
    for i, row in enumerate(got):
        if whole[row] > 0:
            whole[row] -= 1
            numbers[row[0]] -= 1
            status[i] = "right"
    for i, row in enumerate(got):
        if status[i] is None:
            status[i] = "labels" if numbers[row[0]] > 0 else "false"
            numbers[row[0]] -= status[i] == "labels"
    return status


def _provenance(report, transfers) -> list[tuple[str, ...]]:
    """How each row of the frame was read (records.Provenance, trust.joined): its label's and its period's source,
    whether its figures stand in more than one clause, and which step made it."""
    from analysis.extract.trust import joined, judged

    records = {r.item_id: r for r in judged(report).transfers}
    found = []
    for item_id in transfers["item_id"]:
        r = records.get(item_id)
        if (
            r is None
        ):  # a row no record of the extraction holds (none today): counted apart, never a traceback
            found.append(("label ?", "period ?", "figures ?", "made by ?"))
            continue
        clauses = "clauses" if joined(report.text, r) else "one clause"
        how = r.how
        found.append(
            (
                f"label {how.label_from}",
                f"period {how.period_from}",
                f"figures {clauses}",
                f"made by {how.made_by}",
            )
        )
    return found


def score(passage: Passage) -> Outcome:
    from analysis import tables
    from analysis.errors import ExtractionError
    from analysis.extract.text_kind import kind_of
    from analysis.source.names import file_report_id
    from analysis.source.reports import Report
    from analysis.tables.frames import printed

    text = passage.path.read_text(encoding="utf-8")
    report = Report(
        # the id `table --report FILE` gives the file (a name over 64 characters is shortened, with its hash)
        file_report_id(passage.path, hashlib.sha256(text.encode()).hexdigest(), ()),
        passage.path,
        None,
        None,
        passage.report_year,
        "",
        "",
        None,
        None,
        text,
        in_manifest=False,
    )
    outcome = Outcome(text_kind=kind_of(report.text).kind)
    want_supply, want_uses = expected_rows(passage)
    outcome.expected = len(want_supply) + len(want_uses)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            transfers, land_use = tables.land_transfers(report), tables.land_use(report)
    except ExtractionError as exc:
        outcome.refused = True
        outcome.lines.append(f"  refused: {exc}")
        return outcome
    except Exception as exc:
        outcome.traceback = f"{type(exc).__name__}: {exc}"
        outcome.lines.append(f"  traceback: {outcome.traceback}")
        return outcome
    years = any(labels[1] is not None for _, labels in want_uses)
    shown = printed(transfers), printed(land_use)  # what `table` prints by default: the score is of that
    outcome.withheld = len(transfers) + len(land_use) - len(shown[0]) - len(shown[1])
    everything = _compare(Outcome(), want_supply, want_uses, *found_rows(transfers, land_use, years))
    outcome.ungated_labels, outcome.ungated_false = everything.by_labels, everything.false
    got_supply, got_uses = found_rows(*shown, years)
    for how, status in zip(
        _provenance(report, shown[0]), _statuses(want_supply, got_supply), strict=True
    ):  # each value apart (a row counts once under label, once under period ...)
        outcome.provenance.update((value, status) for value in how)
    return _compare(outcome, want_supply, want_uses, got_supply, got_uses)


def _compare(
    outcome: Outcome, want_supply: list, want_uses: list, got_supply: list, got_uses: list
) -> Outcome:
    """The found rows against the expected ones: rows right by numbers, by labels, false; what differs."""
    outcome.empty = not got_supply and not got_uses
    outcome.printed = len(got_supply) + len(got_uses)
    outcome.shapes = _shapes(want_supply, got_supply)
    for want, got, names in (
        (want_supply, got_supply, SUPPLY_LABELS),
        (want_uses, got_uses, LAND_USE_LABELS),
    ):
        numbers = Counter(n for n, _ in want) & Counter(n for n, _ in got)
        whole = Counter(want) & Counter(got)
        outcome.wrong_labels += _wrong_labels(Counter(want) - whole, Counter(got) - whole, names)
        outcome.by_numbers += sum(numbers.values())
        outcome.by_labels += sum(whole.values())
        outcome.false += sum((Counter(n for n, _ in got) - Counter(n for n, _ in want)).values())
        outcome.lines += [f"  missing {row}" for row in Counter(want) - Counter(got)]
        outcome.lines += [f"  found   {row}" for row in Counter(got) - Counter(want)]
    return outcome


def summary(outcomes: dict[str, Outcome], chosen: list[Passage]) -> dict[str, int]:
    totals = Counter()
    for p in chosen:
        o = outcomes[p.name]
        totals.update(
            passages=1,
            negatives=p.is_negative,
            expected=o.expected,
            by_numbers=o.by_numbers,
            by_labels=o.by_labels,
            false=o.false,
            refused=o.refused,
            tracebacks=bool(o.traceback),
            negatives_empty=p.is_negative and o.empty,
            printed=o.printed,
            withheld=o.withheld,
            ungated_labels=o.ungated_labels,
            ungated_false=o.ungated_false,
        )
    return dict(totals)


def _print_by_kind(outcomes: dict[str, Outcome], chosen: list[Passage], labels: bool = True) -> None:
    for kind in sorted({p.kind for p in chosen}):
        s = summary(outcomes, [p for p in chosen if p.kind == kind])
        print(
            f"    {kind:<20} {s['passages']:>3} passages: numbers {s['by_numbers']}/{s['expected']}, "
            f"labels {s['by_labels']}/{s['expected']}, false {s['false']}"
        )
    if not labels:
        return
    wrong = sum((outcomes[p.name].wrong_labels for p in chosen), Counter())
    by_label = Counter()
    for (name, _, _), count in wrong.items():
        by_label[name] += count
    print(
        "    wrong label on rows right by numbers: "
        + ", ".join(f"{n} {c}" for n, c in by_label.most_common())
    )
    print(
        "    expected -> found: "
        + ", ".join(f"{n} {want}->{got} {c}" for (n, want, got), c in wrong.most_common(12))
    )


def _print_by_shape(outcomes: dict[str, Outcome], chosen: list[Passage], key: str = "shapes") -> None:
    shapes = sum((getattr(outcomes[p.name], key) for p in chosen), Counter())
    title = "supply rows carrying" if key == "shapes" else "supply rows read by"
    for shape in sorted({s for s, _ in shapes}, key=lambda s: (-sum(shapes[s, k] for k in _STATUSES), s)):
        counts = ", ".join(f"{k} {shapes[shape, k]}" for k in _STATUSES)
        print(f"    {title} {shape}: {counts}")


_STATUSES = ("right", "labels", "false")


def _curated_kind(passage: Passage) -> str:
    """A passage's kind in passages.csv as the product groups it (negatives stay `negative`)."""
    from analysis.extract.text_kind import yardstick_kinds

    return "negative" if passage.kind == "negative" else yardstick_kinds().get(passage.kind, passage.kind)


def _print_confusion(outcomes: dict[str, Outcome], chosen: list[Passage], title: str) -> None:
    """Counts of (kind in passages.csv, grouped) x (kind the classifier reads): no passage named."""
    from analysis.extract.text_kind import kinds

    pairs = Counter((_curated_kind(p), outcomes[p.name].text_kind) for p in chosen)
    read_as = [k for k in kinds() if any(pairs[c, k] for c, _ in pairs)]
    positives = [p for p in chosen if not p.is_negative]
    agree = sum(_curated_kind(p) == outcomes[p.name].text_kind for p in positives)
    print(f"    kinds, {title}: {agree} / {len(positives)} positive passages read as their kind")
    print(f"    {'passages.csv -> read as':<24}" + "".join(f"{k[:12]:>13}" for k in read_as))
    for curated in sorted({c for c, _ in pairs}):
        print(f"    {curated:<24}" + "".join(f"{pairs[curated, k]:>13}" for k in read_as))


def write_reliability(
    path: Path, outcomes: dict[str, Outcome], groups: list[tuple[list[str], list[Passage]]]
) -> None:
    """rules/reliability.csv's rows: for each group of sets (--sets, --dev-sets), each kind the classifier gives
    over its passages; a group is `unseen` when every set of it is blind."""
    import subprocess

    from analysis.extract.text_kind import ALL_ROWS_COLUMNS, RELIABILITY_COLUMNS, kinds

    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty", "--abbrev=7"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    rows = []
    for sets, chosen in groups:
        unseen = "yes" if set(sets) <= BLIND else "no"  # read by no one who worked on the extractor
        for kind in kinds():
            s = summary(outcomes, [p for p in chosen if outcomes[p.name].text_kind == kind])
            if s:
                counts = (s["passages"], s["expected"], s["by_labels"], s["printed"], s["false"])
                every = (s["printed"] + s["withheld"], s["ungated_false"])  # before the trust step
                rows.append((kind, *counts, unseen, " ".join(sets), commit, *every))
        print(f"  {len(chosen)} passages of {', '.join(sets)}: unseen={unseen}")
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(RELIABILITY_COLUMNS + ALL_ROWS_COLUMNS)
        writer.writerows(rows)
    print(f"  wrote {path}: {len(rows)} lines (kind x evidence) at {commit}")


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list the differences of every set but the blind ones"
    )
    parser.add_argument(
        "--blind",
        action="store_true",
        help=f"score the blind sets too ({', '.join(sorted(BLIND))}), totals only: at a round's start and end",
    )
    parser.add_argument("--by-kind", action="store_true", help="totals by kind of passage and by wrong label")
    parser.add_argument(
        "--by-shape",
        action="store_true",
        help="found supply rows by the figures they carry (P parcels, A area, R proceeds, S share): right, "
        "right by numbers only (labels), false",
    )
    parser.add_argument(
        "--by-provenance",
        action="store_true",
        help="found supply rows by how they were read (label from a list, its words, carried ...; period from "
        "its clause, its sentence, carried, the report year; figures in one clause or more): right, labels, false",
    )
    parser.add_argument(
        "--confusion", action="store_true", help="kind read by the classifier against passages.csv's: counts"
    )
    parser.add_argument(
        "--write-reliability",
        type=Path,
        metavar="PATH",
        help="write the reliability of each kind of text (extract/rules/reliability.csv) from --sets",
    )
    parser.add_argument(
        "--sets", metavar="A,B", help="the sets --write-reliability measures on (the blind ones)"
    )
    parser.add_argument(
        "--dev-sets", metavar="C,D", help="and the sets used in development, written as lines of their own"
    )
    args = parser.parse_args()
    sets = [s for s in (args.sets or "").split(",") if s]
    dev_sets = [s for s in (args.dev_sets or "").split(",") if s]
    named = sets + dev_sets
    if args.write_reliability and (
        not sets
        or set(named) - set(SETS)
        or len(set(named)) < len(named)
        or (set(named) & BLIND and not args.blind)
        or (
            dev_sets and not (set(sets) <= BLIND and not set(dev_sets) & BLIND)
        )  # a kind has one line of each
    ):
        parser.error(
            f"--write-reliability needs --sets (and --dev-sets) among {', '.join(SETS)}, each set once"
            " (a blind one with --blind; with --dev-sets, --sets all blind and --dev-sets none)"
        )
    everything = passages()
    missing = [p for p in everything if not p.path.exists()]
    if len(missing) == len(everything):
        print(f"real-text yardstick: the passages are absent ({PASSAGES} is empty or missing);")
        print("  see benchmarks/real/README.md for where each passage comes from")
        return 0
    present = [p for p in everything if p.path.exists()]
    outcomes = {p.name: score(p) for p in present}
    print(f"real-text yardstick: {len(present)} passages of other people's text", end="")
    print(f" ({len(missing)} absent)" if missing else "")
    for name in (s for s in SETS if args.blind or s not in BLIND):
        s = summary(outcomes, [p for p in present if p.set == name])
        if not s:
            continue
        print(
            f"  {name:<8} {s['passages']} passages ({s['negatives']} negatives): "
            f"rows right by numbers {s['by_numbers']} / {s['expected']} ({_pct(s['by_numbers'], s['expected'])}), "
            f"by numbers+labels {s['by_labels']} / {s['expected']} ({_pct(s['by_labels'], s['expected'])}); "
            f"false rows {s['false']}; refused whole {s['refused']}; tracebacks {s['tracebacks']}; "
            f"negatives empty {s['negatives_empty']} / {s['negatives']}"
        )
        print(
            f"    withheld {s['withheld']} rows (extract/trust.py); every row printed (--all-rows): "
            f"by numbers+labels {s['ungated_labels']} / {s['expected']}, false rows {s['ungated_false']}"
        )
        chosen = [p for p in present if p.set == name]
        if args.by_kind:
            _print_by_kind(outcomes, chosen, labels=name not in BLIND)
        if args.by_shape and name not in BLIND:  # which shapes fail is a hint of what to change
            _print_by_shape(outcomes, chosen)
        if args.by_provenance and name not in BLIND:  # so is how the failing rows were read
            _print_by_shape(outcomes, chosen, "provenance")
        if args.confusion:
            _print_confusion(outcomes, chosen, name)
    if args.write_reliability:
        absent = [name for name in named if not any(p.set == name for p in present)]
        if absent:  # a folder without the set's texts would write a table of nothing
            print(
                f"  not written: no passage of {', '.join(absent)} in {PASSAGES}: link the folder of its texts"
            )
            return 2
        groups = [(group, [p for p in present if p.set in group]) for group in (sets, dev_sets) if group]
        if args.confusion:
            for group, chosen in groups:
                _print_confusion(outcomes, chosen, " + ".join(group))
        write_reliability(args.write_reliability, outcomes, groups)
    if args.verbose:
        for p in present:
            if p.set not in BLIND and outcomes[p.name].lines:
                print(p.name, *outcomes[p.name].lines, sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
