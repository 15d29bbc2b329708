"""Stage 1, the source: raw report files, their text, and the quantities printed in it.

    reports      the manifest, loading with a hash check
    sections     a report's sections (by its numbered headings) and sentences, in raw offsets
    normalize    full-width forms folded, with offsets back into the raw text
    quantities   3771.3亩, 203.75亿元, 100余条: exact values, units, scales, qualifiers
    directions   which way a change went: a sign or a word before it (压降19%, -19%)
    units        the unit, scale, qualifier and quantity-kind rules (rules/*.csv)
    rules        reading any stage's rule tables; the label tables (zh/en)
    fast_search  rule rows compiled to be searched fast (gated regexes); a few characters found by str.find
    pairs        the first two characters a regex's match can open with (fast_search's yes/no gate)
    csvfiles     the hand-written CSV reader with one-line errors

Imports nothing from the later stages.
"""
