"""The HTML pages in a real browser, offline: Debian's Chromium driven by Playwright.

Under CI=true the test must run (`.ci/run` installs chromium and fonts-noto-cjk);
elsewhere it skips, with the reason, when Chromium or Playwright is missing.
"""

from __future__ import annotations

import os
import shutil

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CJK_FAMILIES = ("Noto Sans CJK", "Noto Serif CJK", "WenQuanYi", "Source Han", "Droid Sans Fallback")


@pytest.fixture(scope="module")
def browser():
    missing = []
    if not os.path.exists(CHROMIUM):
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing.append("the playwright package")
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the browser test cannot run: missing {', '.join(missing)}")
        pytest.skip(f"missing {', '.join(missing)}")
    if shutil.which("fc-list") is None and os.environ.get("CI") == "true":
        pytest.fail("CI=true but fontconfig is missing: install fonts-noto-cjk")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def _visit(browser, path):
    """Open a page from file:// and record what it asks of the network and the console."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests, failed, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, requests, failed, errors


def _fonts_for(page, selector: str) -> dict[str, int]:
    """The platform fonts Chromium actually used to draw the text of `selector` (family -> glyphs)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {f["familyName"]: f["glyphCount"] for f in used}


def _pages(built):
    out, _ = built
    return sorted((out / "reports").rglob("*.html"))


def test_every_page_loads_offline_with_no_errors_and_every_image(browser, built):
    pages = _pages(built)
    assert len(pages) == 9  # index + 4 notebooks × (reviewer, code)
    for path in pages:
        page, requests, failed, errors = _visit(browser, path)
        leaving = [u for u in requests if not u.startswith(("file:", "data:"))]
        assert leaving == [], (path.name, leaving)
        assert failed == [], (path.name, failed)
        assert errors == [], (path.name, errors)
        images = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
        assert all(complete and width > 0 for complete, width in images), (path.name, images)
        page.close()


def test_chinese_text_is_drawn_with_a_cjk_font(browser, built):
    out, _ = built
    for path in (out / "reports" / "index.html", out / "reports" / "html" / "01_land_transfers.html"):
        page, *_ = _visit(browser, path)
        fonts = _fonts_for(page, "h1")  # both titles hold Chinese: 武进分局…, 国有建设用地出让与供应
        cjk = {family: n for family, n in fonts.items() if family.startswith(CJK_FAMILIES)}
        assert cjk and sum(cjk.values()) >= 4, (path.name, fonts)
        page.close()
