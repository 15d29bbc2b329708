"""What every output calls the report: the document's own name, as the text and its publisher give it.

    document_name(report, "zh")      # 武进分局2024年工作总结 (the branch's work summary)
    document_headline(report, "zh")  # 凝聚奋进力量 践行使命担当 奋力书写中国式现代化武进“资规答卷”

A report's wording.csv (group `document`) names it: `name`, the short name
its publisher would cite, and `headline`, the title the text opens with
(a test checks that the text holds it). Without them the name is the
publisher's and the manifest's title (常州市自然资源和规划局武进分局2024年工作总结),
never the district's: a branch bureau's work summary is not the district's.
"""

from __future__ import annotations

from ..source.report_files import generic_or_own
from ..source.reports import load_report
from .reader import WORDING

__all__ = ["document_headline", "document_name"]


def _own(report, key: str, lang: str) -> str | None:
    try:
        return generic_or_own(report.files, "document", key, lang, WORDING)
    except KeyError:
        return None


def document_name(report=None, lang: str = "zh") -> str:
    """The report's name as its publisher would cite it."""
    report = load_report(report)
    own = _own(report, "name", lang)
    if own:
        return own
    publisher = (report.publisher if lang == "zh" else report.publisher_en or report.publisher) or ""
    title = report.title if lang == "zh" else report.title_en
    return f"{publisher}{title}" if lang == "zh" else ", ".join(x for x in (publisher, title) if x)


def document_headline(report=None, lang: str = "zh") -> str | None:
    """The title the report's text opens with, where its wording gives it."""
    return _own(load_report(report), "headline", lang)
