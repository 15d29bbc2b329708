"""Stage 2, extraction: the report's statements as records, and the curated registry.

    extraction   land-supply and land-use statements (rules/*.csv hold the phrasings)
    registry     data/registry/<report>/: what the report's other numbers mean
    vocabulary   channel, method, use type, land class ... in Chinese and English

Imports only from the source stage.
"""
