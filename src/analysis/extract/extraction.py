"""Extraction: the report's land-supply and land-use statements as records.

The text is read in its NFKC form (full-width digits and punctuation folded)
and every record keeps offsets that map back to the raw text, so that
`raw[start:end]` is the quote. The phrasings live in extract/rules/*.csv; this
module only knows the shape of a statement:

    sentence -> segments (split at ; ( ) and 其中) -> records (quantities that
    belong together: a parcel count 宗, a land area, an amount of money)

A record is classified by the words around it (supply_clauses.csv): excluded
(收回, 报批, 计划 ...), a channel's total, or a part of the total it follows.

NOTES
- 金额1859万元 follows 出让入市4宗 after a comma, in a list of three kinds of
  collective entry: the sentence does not say whether it covers those 4
  parcels or all 9. Such a trailing amount becomes a row of its own, flagged
  `is_scope_ambiguous`, and is never attached to a guess.
- The text's own totals are kept as printed even when the parts disagree
  (3771.3 亩 stated, 3771.41 亩 summed); see `tables.reconcile`.
- Measures have no fixed order (面积1545亩、27宗 or 27宗,面积1545亩), so a
  record ends when a measure repeats, when the words before the next number
  hold an excluded kind (出让入市4宗,收回闲置土地834亩), or when they open
  another channel while the record already names one (报批新增建设用地2085亩,
  出让国有建设用地56宗 are two records, not one).
- Money is proceeds only after a label from revenue_labels.csv and not after
  a not_revenue cue (总投资560亿元, 补助资金7765万元).
- Parts may follow their total in the next sentence when it opens with 其中
  (…成交价款203.75亿元。其中:工业用地…).
- Only sentences that name a supply channel or a land class are scanned for
  quantities: one pass of the quantity regex over a few sentences, not over
  the whole report (see benchmarks/extraction.py).
"""

from __future__ import annotations

import bisect
import re
import warnings
from dataclasses import dataclass, field, replace
from functools import cache

from ..errors import ExtractionError, ExtractionWarning
from ..source.quantities import Quantity, convert, find_quantities
from ..source.reports import Report
from ..source.rules import rule_table, rules_dir
from . import vocabulary as labels

RULES = rules_dir(__file__)

__all__ = ["Extraction", "ExtractionWarning", "LandUseRecord", "TransferRecord", "extract"]

_SENTENCE_END = re.compile(r"[。!?\n]")
_QUOTE_CUT = ",;:"  # a quote starts after the last of these before its first number ...
_LIST_SEP = " 、,;:"  # ... or, in a list, after the previous item and these separators
_CLAUSE_KINDS = ("exclude", "allocation", "collective", "transfer_total")


@dataclass
class TransferRecord:
    """One statement of land supply: a total, a component, or an amount of unclear scope."""

    channel: str  # transfer, allocation, collective
    method: str  # zh, from supply_methods.csv or 合计 / 未说明
    use_type: str  # zh, as written
    is_total: bool
    start: int  # normalized offsets of the quote
    end: int
    measures: dict[str, Quantity] = field(default_factory=dict)  # parcels, area, revenue
    parent: TransferRecord | None = None
    is_scope_ambiguous: bool = False
    note_zh: str | None = None
    note_en: str | None = None
    item_id: str = ""


@dataclass
class LandUseRecord:
    land_class: str
    parent_class: str | None
    item_code: str
    reference_year: int | None
    start: int
    end: int
    area: Quantity


@dataclass
class Extraction:
    report: Report
    transfers: list[TransferRecord]
    land_use: list[LandUseRecord]
    warnings: list[str]


# --- pattern tables (read and compiled once per process) ---------------------------


@cache
def _clause_regexes() -> dict[str, re.Pattern[str]]:
    rows = rule_table(RULES, "supply_clauses", ("clause_kind", "regex"), ("note",))
    kinds: dict[str, list[str]] = {}
    for row in rows:
        kinds.setdefault(row["clause_kind"], []).append(f"(?:{row['regex']})")
    return {kind: re.compile("|".join(parts)) for kind, parts in kinds.items()}


@cache
def _clause_cue() -> re.Pattern[str]:
    """Any clause that classifies a record: a channel or an excluded kind."""
    return re.compile("|".join(_clause_regexes()[k].pattern for k in _CLAUSE_KINDS))


@cache
def _channel_trigger() -> re.Pattern[str]:
    """A sentence worth reading for land supply names one of the channels."""
    return re.compile("|".join(_clause_regexes()[k].pattern for k in _CLAUSE_KINDS[1:]))


@cache
def _methods() -> dict[str, list[tuple[str, str]]]:
    """channel -> [(keyword, method)], longest keyword first."""
    rows = rule_table(RULES, "supply_methods", ("channel", "keyword", "method"), ("note",))
    by_channel: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        by_channel.setdefault(row["channel"], []).append((row["keyword"], row["method"]))
    return {c: sorted(kw, key=lambda k: -len(k[0])) for c, kw in by_channel.items()}


@cache
def _revenue_labels() -> tuple[str, ...]:
    return tuple(r["label"] for r in rule_table(RULES, "revenue_labels", ("label",), ("note",)))


@cache
def _use_type_prefixes() -> tuple[str, ...]:
    rows = rule_table(RULES, "use_type_prefixes", ("prefix",), ("note",))
    return tuple(sorted((r["prefix"] for r in rows), key=len, reverse=True))


@cache
def _known_use_types() -> tuple[str, ...]:
    """Use types of the vocabulary, longest first (住宅房地产及商业 before 住宅)."""
    known = set(labels.zh_labels("use_type")) - {"合计", "未说明"}
    return tuple(sorted(known, key=len, reverse=True))


@cache
def _land_classes() -> dict[str, dict[str, str]]:
    rows = rule_table(
        RULES, "land_classes", ("land_class", "item_code", "parent_class", "is_broad_class"), ("note",)
    )
    return {r["land_class"]: r for r in rows}


@cache
def _land_use_regexes() -> dict[str, re.Pattern[str]]:
    phrases = {
        r["kind"]: r["regex"] for r in rule_table(RULES, "land_use_phrases", ("kind", "regex"), ("note",))
    }
    names = "|".join(sorted(_land_classes(), key=len, reverse=True))
    return {
        "class": re.compile(rf"(?P<cls>{names}){phrases['class_suffix']}"),
        "not_before": re.compile(f"(?:{phrases['not_before']})$"),
        "reference_year": re.compile(phrases["reference_year"]),
    }


# --- text structure ------------------------------------------------------------


@dataclass
class _Segment:
    start: int
    end: int
    depth: int  # 0 outside brackets, 1 inside (...)
    opens_with_qizhong: bool  # 其中: what follows are parts of the preceding total


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, begin = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((begin, match.end()))
        begin = match.end()
    if begin < len(text):
        spans.append((begin, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _quantities_in(text: str, start: int, end: int) -> list[Quantity]:
    """The quantities of one sentence, with offsets into the whole text."""
    return [replace(q, start=q.start + start, end=q.end + start) for q in find_quantities(text[start:end])]


def _segments(text: str, start: int, end: int) -> list[_Segment]:
    segments, depth, begin = [], 0, start

    def close(at: int, next_depth: int) -> None:
        nonlocal begin, depth
        if text[begin:at].strip(" ,、:;"):
            segments.append(_Segment(begin, at, depth, text[begin:at].lstrip(" ,:").startswith("其中")))
        begin, depth = at + 1, next_depth

    for i in range(start, end):
        char = text[i]
        if char == "(":
            close(i, depth + 1)
        elif char == ")":
            close(i, max(0, depth - 1))
        elif char == ";":
            close(i, depth)
        elif char == "其" and text.startswith("其中", i) and i > begin:
            close(i - 1, depth)  # 其中 starts a new segment; the char before it is a separator
            begin = i
    close(end, 0)
    return segments


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """text with the given (relative) spans replaced by spaces, so words never run across numbers."""
    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


# --- land supply ----------------------------------------------------------------


@dataclass
class _Draft:
    measures: dict[str, Quantity]
    label_start: int  # where the words that describe this record begin
    segment: _Segment


def _measure_of(text: str, q: Quantity, label_start: int) -> str | None:
    if q.kind == "count" and q.unit == "宗":
        return "parcels"
    if q.kind == "land_area":
        return "area"
    if q.kind == "money":
        words = text[label_start : q.start]
        labelled = any(label in words for label in _revenue_labels())
        if labelled and not _clause_regexes()["not_revenue"].search(words):
            return "revenue"
    return None


def _drafts(text: str, segment: _Segment, quantities: list[Quantity]) -> list[_Draft]:
    """Group a segment's quantities into records (see NOTES: where a record ends)."""
    drafts: list[_Draft] = []
    previous_end = segment.start
    cue, exclude = _clause_cue(), _clause_regexes()["exclude"]
    for q in quantities:
        if not (segment.start <= q.start and q.end <= segment.end):
            continue
        measure = _measure_of(text, q, previous_end)
        if measure is None:
            continue
        if (
            not drafts
            or measure in drafts[-1].measures
            or exclude.search(text, previous_end, q.start)
            or (
                cue.search(text, previous_end, q.start)
                and cue.search(_words(text, drafts[-1].label_start, previous_end, drafts[-1].measures))
            )
        ):
            drafts.append(_Draft({}, previous_end, segment))
        drafts[-1].measures[measure] = q
        previous_end = q.end
    return drafts


def _quote_start(text: str, draft: _Draft) -> int:
    """Start of the clause holding the record's first number, without separators or a leading 其中."""
    first = min(q.start for q in draft.measures.values())
    cut = max(text.rfind(c, draft.label_start, first) for c in _QUOTE_CUT)
    start = cut + 1 if cut >= 0 else draft.label_start
    while start < first and (text[start] in _LIST_SEP or text.startswith("其中", start)):
        start += 2 if text[start] == "其" else 1
    return start


def _words(text: str, start: int, end: int, measures: dict[str, Quantity]) -> str:
    spans = [(q.start - start, q.end - start) for q in measures.values() if start <= q.start < end]
    return _blank(text[start:end], spans)


def _method(channel: str, words: str) -> str | None:
    """The one method the words name (longest keyword first); None for none or several (挂牌、协议)."""
    named = set()
    for keyword, method in _methods().get(channel, []):
        if keyword in words:
            named.add(method)
            words = words.replace(keyword, " ")  # 招标拍卖挂牌 is 招拍挂, not also 招标, 拍卖, 挂牌
    return named.pop() if len(named) == 1 else None


def _implied_method(channel: str, total_method: str | None) -> str | None:
    """A part that names no method has its total's, or the channel's only one (划拨)."""
    methods = {method for _, method in _methods().get(channel, [])}
    return total_method or (methods.pop() if len(methods) == 1 else None)


def _use_type(words: str) -> str:
    """The use type as written: the words right before 用地, known prefixes stripped."""
    prefixes = _use_type_prefixes()
    for match in re.finditer("用地", words):
        run = re.search(r"[\u4e00-\u9fff]+$", words[: match.start()])
        if not run:
            continue
        name = run.group()
        stripped = True
        while stripped and name:
            stripped = False
            for prefix in prefixes:
                if name.startswith(prefix) and len(name) > len(prefix):
                    name, stripped = name[len(prefix) :], True
        if name and name not in prefixes:
            return name
    return next((zh for zh in _known_use_types() if zh in words), "未说明")


def _channel(words: str, context: TransferRecord | None, segment_channel: str | None) -> str | None:
    """transfer, allocation or collective; 'exclude' for numbers that are not supply; None if unknown."""
    clause = _clause_regexes()
    for kind in ("exclude", "allocation", "collective"):
        if clause[kind].search(words):
            return kind
    if context is not None:
        return context.channel
    if segment_channel is not None:
        return segment_channel
    return "transfer" if clause["transfer_total"].search(words) else None


def _transfer_records(text: str, sentences: list[tuple[int, int]]) -> list[TransferRecord]:
    trigger = _channel_trigger()
    records: list[TransferRecord] = []
    context: TransferRecord | None = None  # the total whose parts follow
    context_method: str | None = None  # the one method the total's words name, if any
    context_depth = 0
    qizhong_mode = False
    previous_sentence_had_total = False

    for s_start, s_end in sentences:
        continues = previous_sentence_had_total and text[s_start:s_end].lstrip(" ,").startswith("其中")
        if not continues and not trigger.search(text, s_start, s_end):
            context, previous_sentence_had_total = None, False
            continue
        if not continues:
            context, qizhong_mode = None, False
        quantities = _quantities_in(text, s_start, s_end)
        sentence_has_total = False
        for segment in _segments(text, s_start, s_end):
            if context is not None and not (
                segment.depth > context_depth or segment.opens_with_qizhong or qizhong_mode
            ):
                context = None
            if segment.opens_with_qizhong and context is not None:
                qizhong_mode = True
            segment_channel: str | None = None
            segment_records: list[TransferRecord] = []
            for draft in _drafts(text, segment, quantities):
                end = max(q.end for q in draft.measures.values())
                words = _words(text, draft.label_start, end, draft.measures)
                channel = _channel(words, context, segment_channel)
                if channel in ("exclude", None):  # an excluded clause does not end a list of parts
                    continue
                if context is not None and channel != context.channel:
                    context = None
                segment_channel = channel
                method = _method(channel, words)
                is_part = context is not None
                is_total = not is_part and not (channel == "collective" and method)
                if not is_total and method is None:
                    method = _implied_method(channel, context_method if is_part else None)
                if is_total:
                    use_type = "合计"
                elif channel == "collective":
                    use_type = "集体经营性建设用地"
                else:
                    use_type = _use_type(words)
                record = TransferRecord(
                    channel=channel,
                    method="合计" if is_total else (method or "未说明"),
                    use_type=use_type,
                    is_total=is_total,
                    start=_quote_start(text, draft),
                    end=end,
                    measures=draft.measures,
                    parent=context if is_part else None,
                )
                records.append(record)
                segment_records.append(record)
                if is_total:
                    context, context_depth, qizhong_mode = record, segment.depth, False
                    context_method = method
                    sentence_has_total = True
            records.extend(_split_ambiguous_scope(text, segment_records))
        previous_sentence_had_total = sentence_has_total or (continues and context is not None)
    return records


def _split_ambiguous_scope(text: str, segment_records: list[TransferRecord]) -> list[TransferRecord]:
    """A measure only the last of several listed records carries, after a comma, covers an unclear scope."""
    parts = [r for r in segment_records if not r.is_total]
    if len(parts) < 2:
        return []
    last = parts[-1]
    split = []
    for measure in ("revenue", "area"):
        q = last.measures.get(measure)
        if q is None or any(measure in r.measures for r in parts[:-1]):
            continue
        others = [m for name, m in last.measures.items() if name != measure]
        if not others or not any(c in text[max(m.end for m in others) : q.start] for c in ",;"):
            continue
        del last.measures[measure]
        last.end = max(m.end for m in last.measures.values())
        label_start = max(m.end for m in others)
        start = (
            label_start + len(text[label_start : q.start]) - len(text[label_start : q.start].lstrip(" ,;、"))
        )
        listed = "、".join(
            f"{r.method}{r.measures['parcels'].printed}" for r in parts if "parcels" in r.measures
        )
        total_parcels = sum(int(r.measures["parcels"].value) for r in parts if "parcels" in r.measures)
        last_text = last.measures.get("parcels")
        split.append(
            TransferRecord(
                channel=last.channel,
                method="未说明",
                use_type=last.use_type,
                is_total=False,
                start=start,
                end=q.end,
                measures={measure: q},
                is_scope_ambiguous=True,
                note_zh=(
                    f"原文未说明“{text[start : q.end]}”仅指{last.method}"
                    f"{last_text.printed if last_text else ''}，还是全部{total_parcels}宗（{listed}）。"
                ),
                note_en=(
                    f"The sentence does not say whether {text[start : q.end]} covers only the "
                    f"{last.method} entries ({last_text.printed if last_text else ''}) or all "
                    f"{total_parcels} parcels listed ({listed})."
                ),
            )
        )
    return split


def _assign_item_ids(records: list[TransferRecord]) -> None:
    seen: set[str] = set()
    for record in records:
        if record.is_scope_ambiguous:
            base = f"{record.channel}.{'amount' if 'revenue' in record.measures else 'area'}_scope_unclear"
        elif record.is_total:
            base = f"{record.channel}.total"
        elif record.channel == "collective":
            base = f"collective.{labels.code_of('method', record.method) or record.method}"
        else:
            base = f"{record.channel}.{labels.code_of('use_type', record.use_type) or record.use_type}"
        item_id = base
        if item_id in seen:
            item_id = f"{base}.{labels.code_of('method', record.method) or record.method}"
        n = 2
        while item_id in seen:
            item_id, n = f"{base}.{n}", n + 1
        seen.add(item_id)
        record.item_id = item_id


def _check_single_totals(report: Report, records: list[TransferRecord]) -> None:
    by_channel: dict[str, list[TransferRecord]] = {}
    for r in records:
        if r.is_total:
            by_channel.setdefault(r.channel, []).append(r)
    for channel, totals in by_channel.items():
        if len(totals) > 1:
            places = "; ".join(
                f"{report.where(report.normalized.raw_span(t.start, t.end)[0])} "
                f"“{report.normalized.raw_slice(t.start, t.end)}”"
                for t in totals
            )
            raise ExtractionError(
                f"{report.path}: ambiguous: {len(totals)} candidate totals for "
                f"{labels.label('channel', channel)}: {places}"
            )


# --- land use ---------------------------------------------------------------------


def _land_use_candidates(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, list]]:
    """(sentence index, [(class match, area)]) for each sentence giving two or more broad classes."""
    rx, classes = _land_use_regexes(), _land_classes()
    starts = [s for s, _ in sentences]
    by_sentence: dict[int, list[re.Match[str]]] = {}
    for match in rx["class"].finditer(text):
        by_sentence.setdefault(bisect.bisect_right(starts, match.start()) - 1, []).append(match)
    candidates = []
    for index, matches in by_sentence.items():
        if len({m["cls"] for m in matches if classes[m["cls"]]["is_broad_class"] == "true"}) < 2:
            continue
        s_start, s_end = sentences[index]
        areas = {q.start: q for q in _quantities_in(text, s_start, s_end) if q.kind == "land_area"}
        found = [
            (m, areas[m.end()])
            for m in matches
            if m.end() in areas and not rx["not_before"].search(text, s_start, m.start())
        ]
        if len({m["cls"] for m, _ in found if classes[m["cls"]]["is_broad_class"] == "true"}) >= 2:
            candidates.append((index, found))
    return candidates


def _land_use_records(
    report: Report, sentences: list[tuple[int, int]]
) -> tuple[list[LandUseRecord], list[str]]:
    text = report.text
    classes = _land_classes()
    candidates = _land_use_candidates(text, sentences)
    if not candidates:
        return [], ["no land-use statement (农用地…公顷, 建设用地…公顷, 未利用地…公顷) found"]
    if len(candidates) > 1:
        places = "; ".join(
            f"{report.where(report.normalized.raw_span(f[0][0].start(), f[0][1].end)[0])} "
            f"“{report.normalized.raw_slice(f[0][0].start(), f[-1][1].end)}”"
            for _, f in candidates
        )
        raise ExtractionError(
            f"{report.path}: ambiguous: {len(candidates)} candidate land-use statements: {places}"
        )
    index, found = candidates[0]
    year_rx = _land_use_regexes()["reference_year"]
    years = year_rx.findall(text, sentences[index][0], found[0][0].start())
    if not years and index > 0:
        years = year_rx.findall(text, *sentences[index - 1])
    problems = [] if years else ["land-use statement gives no reference year (…年农用地…)"]
    reference_year = int(years[-1]) if years else None
    records = [
        LandUseRecord(
            land_class=m["cls"],
            parent_class=classes[m["cls"]]["parent_class"] or None,
            item_code=classes[m["cls"]]["item_code"],
            reference_year=reference_year,
            start=m.start(),
            end=q.end,
            area=q,
        )
        for m, q in found
    ]
    seen: dict[str, LandUseRecord] = {}
    for r in records:
        if r.land_class in seen:
            raise ExtractionError(
                f"{report.path}: ambiguous: {r.land_class} is given twice in one statement, at "
                f"{report.where(report.normalized.raw_span(seen[r.land_class].start, 0)[0])} and "
                f"{report.where(report.normalized.raw_span(r.start, 0)[0])}"
            )
        seen[r.land_class] = r
    missing = [c for c, row in classes.items() if row["is_broad_class"] == "true" and c not in seen]
    if missing:
        problems.append(f"land-use statement lacks {', '.join(missing)}")
    return records, problems


# --- entry point --------------------------------------------------------------------


@cache
def _extract(report: Report) -> Extraction:
    sentences = _sentences(report.text)
    transfers = _transfer_records(report.text, sentences)
    _check_single_totals(report, transfers)
    _assign_item_ids(transfers)
    land_use, problems = _land_use_records(report, sentences)
    if not transfers and not land_use:
        raise ExtractionError(
            f"{report.path}: no land figures found: expected a land-supply statement "
            "(…出让…宗…亩…) or a land-use statement (农用地…公顷)"
        )
    if not transfers:
        problems.insert(0, "no land-supply statement (国有用地出让…宗, 划拨…宗) found")
    return Extraction(report, transfers, land_use, [f"{report.path}: {p}" for p in problems])


def extract(report: Report) -> Extraction:
    """Land-supply and land-use records of a report; warns (ExtractionWarning) about what is missing."""
    result = _extract(report)
    for message in result.warnings:
        warnings.warn(message, ExtractionWarning, stacklevel=2)
    return result


def area_in(q: Quantity, unit: str) -> float:
    """A land-area quantity in 亩 or 公顷, as a float (exact until this last step)."""
    return float(convert(q.value, q.unit, unit))
