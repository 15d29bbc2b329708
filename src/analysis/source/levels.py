"""The administrative level of a report's district, read off its name: like is compared with like.

    admin_level("锡山区")   # "county"
    admin_level("江阴市")   # "city" (a 市 may be county or prefecture level: compared only with a 市)

The suffixes are data (rules/admin_levels.csv), the longest that ends the
name wins (自治县 before 县); a name with none is "unknown", compared only
with another unknown.
"""

from __future__ import annotations

from functools import cache

from .rules import rule_table, rules_dir

__all__ = ["admin_level"]

_RULES = rules_dir(__file__)


@cache
def _suffixes() -> tuple[tuple[str, str], ...]:
    rows = rule_table(_RULES, "admin_levels", ("suffix", "level"), ("note",))
    return tuple(sorted(((r["suffix"], r["level"]) for r in rows), key=lambda s: -len(s[0])))


def admin_level(district: str | None) -> str:
    """county, city, prefecture, province, or unknown."""
    name = (district or "").strip()
    return next((level for suffix, level in _suffixes() if name.endswith(suffix)), "unknown")
