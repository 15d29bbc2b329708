"""The offline check parses pages; it must find every way a page can reach the network."""

from __future__ import annotations

import pytest

from analysis.publish.pages import Page, external_urls, index_page
from analysis.source.reports import load_report


@pytest.mark.parametrize(
    "html",
    [
        '<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js"></script>',
        '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Noto">',
        '<img src="http://example.org/a.png">',
        '<img srcset="a.png 1x, https://example.org/b.png 2x">',
        "<style>@import 'https://example.org/x.css';</style>",
        "<style>body { background: url(https://example.org/bg.png) }</style>",
        "<div style=\"background-image: url('//example.org/y.png')\"></div>",
        '<iframe src="HTTPS://EXAMPLE.ORG"></iframe>',
    ],
)
def test_finds_every_external_reference(html):
    assert len(external_urls(f"<html><head></head><body>{html}</body></html>")) == 1


def test_local_and_embedded_references_are_fine():
    page = (
        '<img src="data:image/png;base64,iVBORw0KGgo=">'
        '<a href="#section-1">here</a><a href="html/01_land_transfers.html">page</a>'
        "<style>.x { background: url(data:image/svg+xml;base64,PHN2Zz4=) }</style>"
    )
    assert external_urls(page) == []


def test_index_page_links_every_notebook_and_escapes_text():
    page = index_page(
        [Page("01_x.html", "01 · Land <transfers>", "One line.", "01_x.code.html")],
        [("tables.xlsx", "every table")],
        load_report(),
    )
    assert 'href="html/01_x.html"' in page and 'href="html/01_x.code.html"' in page
    # the heading comes from the manifest: 武进区 + 2024年工作总结, Wujin District + 2024 work summary
    assert "<h1>武进区2024年工作总结 · Wujin District 2024 work summary</h1>" in page
    assert "数据来源：常州市自然资源和规划局武进分局《2024年工作总结》" in page
    assert "Land &lt;transfers&gt;" in page and 'lang="zh"' in page
    assert external_urls(page) == []
