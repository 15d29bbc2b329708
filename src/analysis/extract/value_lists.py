"""Lists written with 分别: the names before 分别, zipped by position with the values after it.

    respectively(text, s, e, numbers, name_regex)   the 分别为 lists of text[s:e]: names, fillers, values
    list_values(text, s, e, numbers)                the values of a list (a、b和c公顷: the unit printed once)
    shares_of_earlier(text, s, e, numbers)          三类用地…分别占…的a%、b%和c%: shares of parts named before

NOTES
- In a 分别为 list the unit may be printed once, after the last value
  (21.36、68.52、97.14、76.82公顷): every value takes the unit of the next value
  that prints one. Names and values are paired by position; a list whose
  counts differ is not read as a list.
- A bracket holding no number among the names explains one of them
  (基础设施等用地(含公共设施、交通运输)): it is read past, never split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..source.quantities import Quantity, checked_number

__all__ = ["ValueList", "list_values", "respectively", "shares_of_earlier"]

_LIST_END = ",;:。()"
_NAME_SEPARATOR = re.compile(r"、|(?<=地)[和及与]")
_VALUE = re.compile(r"(?:约|近)?(\d+(?:\.\d+)?)")
_VALUE_JOIN = re.compile(r"\s*(?:、|和|及|与)\s*")


@dataclass(frozen=True)
class ValueList:
    """One 分别为 list: the names before it and each list of values after it, paired by position."""

    names: tuple[tuple[int, int], ...]  # spans of the names
    # per list of values, the words saying what they are (供应面积分别为)
    fillers: tuple[tuple[int, int], ...]
    values: tuple[tuple[Quantity, ...], ...]  # one tuple per 分别 list of the segment


_ASIDE = re.compile(r"\([^()\d]*\)")
_SHARE_OF = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:的比重为|的比例为|的比重|的)")
_ANY_JOIN = re.compile(r"、|[和及与]")


def _list_head(text: str, start: int, at: int) -> int:
    """Where the names before 分别 begin: after the last clause separator outside brackets holding no number."""
    depth, i = 0, at
    while i > start:
        c = text[i - 1]
        if c == ")":
            depth += 1
        elif c == "(" and depth:
            depth -= 1
        elif not depth and c in _LIST_END:
            break
        i -= 1
    return i


def _names(
    text: str, start: int, end: int, name_regex: re.Pattern[str], joins: re.Pattern[str] = _NAME_SEPARATOR
) -> tuple[list, tuple[int, int]]:
    """Spans of the names joined by 、/和 in text[start:end], and the filler after the last.

    A bracket holding no number inside the names is an explanation of one of them
    (基础设施等用地(含公共设施、交通运输)): read past, not split.
    """
    names, at = [], start
    plain = _ASIDE.sub(lambda m: " " * len(m.group()), text[start:end])
    for item in joins.split(plain):
        match = name_regex.search(item)
        if match is None:
            return [], (end, end)
        names.append((at + match.start("name"), at + match.end("name")))
        at += len(item) + 1
    return names, (names[-1][1], end) if names else (end, end)


def list_values(text: str, start: int, end: int, numbers: list[Quantity]) -> tuple[Quantity, ...]:
    """The values of a list starting at `start`: quantities, or bare numbers taking a later unit."""
    by_start = {q.start: q for q in numbers}
    found: list[Quantity | tuple[int, int, str]] = []
    at = start
    while at < end:
        quantity = by_start.get(at)
        if quantity is not None:
            found.append(quantity)
            at = quantity.end
        else:
            match = _VALUE.match(text, at, end)
            if not match:
                break
            found.append((match.start(1), match.end(1), match.group(1)))
            at = match.end()
        join = _VALUE_JOIN.match(text, at, end)
        if not join or join.end() >= end:
            break
        at = join.end()
    result: list[Quantity] = []
    for item in reversed(found):
        if isinstance(item, Quantity):
            result.append(item)
        elif result:
            unit_of = result[-1]
            result.append(
                replace(
                    unit_of,
                    start=item[0],
                    end=item[1],
                    printed=item[2],
                    number=checked_number(item[2], item[0]),
                    qualifier="",
                    sign="",
                )
            )
        else:
            return ()
    return tuple(reversed(result))


_FEW_PARTS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_EARLIER_PARTS = re.compile(
    r"(?P<n>[两二三四五六七八九]|[2-9])(?:类|种|项)(?:用地)?[\u4e00-\u9fff]{0,12}?分别占"
)


def shares_of_earlier(
    text: str, start: int, end: int, numbers: list[Quantity]
) -> tuple[int, tuple[Quantity, ...]]:
    """(N, its N values) of 三类用地供应量分别占…的40.5%、26.8%和32.7%: shares of the N parts just named."""
    match = _EARLIER_PARTS.search(text, start, end)
    if match is None:
        return 0, ()
    after = match.end()
    if of := _SHARE_OF.match(text, after, end):
        after = of.end()
    n = match["n"]
    return (int(n) if n.isdigit() else _FEW_PARTS[n]), list_values(text, after, end, numbers)


def respectively(
    text: str, start: int, end: int, numbers: list[Quantity], name_regex: re.Pattern[str]
) -> list[ValueList]:
    """The 分别为 lists of text[start:end]; a later 分别为 without names reuses the names before it."""
    lists: list[ValueList] = []
    for match in re.finditer(
        r"分别(?:为|是|占|达到|达|供应|供给|供地|出让|划拨|推出|成交|完成|实现)?", text[start:end]
    ):
        at = start + match.start()
        head = _list_head(text, start, at)
        names, filler = _names(text, head, at, name_regex)
        after = start + match.end()
        if match.group().endswith("占") and (of := _SHARE_OF.match(text, after, end)):
            after = of.end()  # 分别占供应总量的33.2%、17.6%: the total the shares are of
        values = list_values(text, after, end, numbers)
        if len(values) < 2:
            continue  # 同比分别增长13.2%、下降13.5%: values broken by words are no list of values
        if names and len(names) != len(values):  # 工矿仓储和房地产用地: joined by 和 without 地 before it
            names, filler = _names(text, head, at, name_regex, _ANY_JOIN)
        if len(names) != len(values) and lists:
            names = []  # 面积分别为…, 占…的比重分别为…: the names of the list before
        if not names and lists:
            previous = lists.pop()
            lists.append(
                replace(
                    previous, fillers=(*previous.fillers, (head, after)), values=(*previous.values, values)
                )
            )
            continue
        if names:  # the filler reaches over 分别占, 分别供应: they say what the values are
            lists.append(ValueList(tuple(names), ((filler[0], after),), (values,)))
    return [v for v in lists if all(len(vs) == len(v.names) for vs in v.values)]
