"""Which way a change went: a printed sign or a word right before the figure (压降19%, -19%, 增长4.2%).

A minus sign is part of a quantity (quantities.py); a word that says which way
is not a sign, and the two together (下降-5%) leave the meaning unclear.
The words are in rules/directions.csv.
"""

from __future__ import annotations

import re
from functools import cache

from .quantities import Quantity
from .rules import rule_choice, rule_table, rules_dir

__all__ = ["direction_of"]


@cache
def _direction_words() -> tuple[re.Pattern[str], dict[str, str]]:
    folder = rules_dir(__file__)
    rows = rule_table(folder, "directions", ("word", "direction"), ("note",))
    directions = {
        r["word"]: rule_choice(folder, "directions", r, "direction", ("increase", "decrease")) for r in rows
    }
    pattern = "|".join(re.escape(w) for w in sorted(directions, key=len, reverse=True))
    return re.compile(rf"(?:{pattern})了?$"), directions


def direction_of(text: str, q: Quantity) -> str | None:
    """'decrease' or 'increase' where the text says which way: a printed sign, or a word right before.

    压降19% and -19% are decreases, 增长4.2% and +4.2% increases; 19% alone says
    nothing. A word and a sign that disagree or repeat (下降-5%) raise ValueError.
    """
    regex, directions = _direction_words()
    found = regex.search(text, max(0, q.start - 6), q.start)
    word = directions[found.group().removesuffix("了")] if found else None
    signed = None if not q.sign else "increase" if q.sign == "+" else "decrease"
    if word and signed:
        raise ValueError(
            f"“{found.group()}{q.printed}”: a word and a sign both say which way; the meaning is unclear"
        )
    return word or signed
