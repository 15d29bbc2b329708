"""Stage 2, extraction: the report's statements as records, and the curated registry.

    extraction   the entry point: extract(report) -> supply and land-use records, warnings
    text         paragraphs, sentences, segments, the words around a number
    value_lists  分别为 lists: the names before 分别 zipped with the values after it
    periods      the period of a statement (2023, 1—11月, 上年同期, 十四五)
    supply       land-supply statements, placed in supply > channel > method > use type
    proceeds     proceeds no record of their own holds: an earlier record's, or a record of their own
    hierarchy    parents, level names, amounts of unclear scope, statements stated twice
    land_use     land-use areas by class (三大类, 三调一级类) from the land survey
    land_use_statements  which sentences state the land survey's areas; the land-class tables
    curated      data/registry/<report>/statements.csv: statements an analyst adds or corrects
    phrases      the supply cues (rules/supply_clauses.csv ...) read and compiled once; what a record's words name
    use_type_words  the use type a record's words name: the words before 用地, prefixes stripped
    records      the record types
    registry     data/registry/<report>/: what the report's other numbers mean
    vocabulary   channel, method, use type, land class ... in Chinese and English

Imports only from the source stage.
"""
