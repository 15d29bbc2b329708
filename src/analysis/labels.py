"""The one label table (patterns/labels.csv): every name shown in Chinese and English."""

from __future__ import annotations

from functools import cache

from . import patterns

__all__ = ["code_of", "en_of", "label"]


@cache
def _rows() -> tuple[dict[str, str], ...]:
    return patterns.table("labels", ("group", "key", "zh", "en"))


@cache
def _by_key() -> dict[tuple[str, str], dict[str, str]]:
    return {(r["group"], r["key"]): r for r in _rows()}


@cache
def _by_zh() -> dict[tuple[str, str], dict[str, str]]:
    return {(r["group"], r["zh"]): r for r in _rows()}


def label(group: str, key: str, lang: str = "zh") -> str:
    """The label of a key in a language ('zh' or 'en'); KeyError names what is missing."""
    try:
        return _by_key()[(group, key)][lang]
    except KeyError:
        raise KeyError(f"labels.csv has no {group}/{key} ({lang})") from None


def code_of(group: str, zh: str) -> str | None:
    """The key of a Chinese label, or None when the table does not know it."""
    row = _by_zh().get((group, zh))
    return row["key"] if row else None


def en_of(group: str, zh: str) -> str | None:
    """The English label of a Chinese one, or None when the table does not know it."""
    row = _by_zh().get((group, zh))
    return row["en"] if row else None
