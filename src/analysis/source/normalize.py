"""Full-width forms folded to ASCII, with a map back to the raw offsets.

Reports mix full-width and ASCII digits and punctuation (１２３，；（）).
Extraction works on the NFKC form, where both read the same, but every
offset it reports must point into the raw text, where reviewers look.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

__all__ = ["NormalizedText", "normalize"]


@dataclass(frozen=True)
class NormalizedText:
    raw: str
    text: str
    raw_index: tuple[int, ...]  # raw offset of each character of `text`, plus len(raw)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) covering normalized [start, end)."""
        if end <= start:
            offset = self.raw_index[start]
            return offset, offset
        return self.raw_index[start], self.raw_index[end - 1] + 1

    def raw_slice(self, start: int, end: int) -> str:
        raw_start, raw_end = self.raw_span(start, end)
        return self.raw[raw_start:raw_end]


def normalize(raw: str) -> NormalizedText:
    """NFKC, character by character, so that each output character maps to one raw one."""
    if unicodedata.is_normalized("NFKC", raw):
        # Nothing to fold (most reports): a character NFKC would change cannot stand in NFKC text.
        return NormalizedText(raw, raw, tuple(range(len(raw) + 1)))
    pieces: list[str] = []
    index: list[int] = []
    for offset, char in enumerate(raw):
        folded = unicodedata.normalize("NFKC", char) if ord(char) > 0x7F else char
        pieces.append(folded)
        index.extend([offset] * len(folded))
    index.append(len(raw))
    return NormalizedText(raw, "".join(pieces), tuple(index))
