"""Stage 5, charts: the house theme, slide-sized charts in Chinese and English, figure files.

Imports only from the earlier stages.
"""
