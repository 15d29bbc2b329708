"""reports/report_zh.pdf and report_en.pdf: the reviewer pages in reading order, printed by Chromium.

The pages of one language become one document (links between them point
inside it, folded texts open), which headless Chromium prints on A4 with page
numbers, through Playwright. Loading it is also the build's browser check:
scripts are disabled and every request that would leave the file is refused
and fails the build.

Printed like a publication: a contents list with page numbers (printed
twice: the first print tells on which page each heading fell, the second
fills the numbers into the same layout), bookmarks from the headings, a
tagged PDF with its language (/Lang), real embedded fonts (the print
stylesheet names a TrueType CJK face, WenQuanYi Micro Hei, and no synthetic
bold: Chromium embeds the CFF faces of Noto Sans CJK as Type 3), and
metadata: the report's name as title, the bureau as subject, this project
as creator.

Where Chromium or Playwright is missing the PDFs are skipped with a message,
except under CI=true, where they must be made.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import cache
from pathlib import Path

from ..errors import AnalysisError, BuildError
from ..source.rules import rule_table, rules_dir
from .links import for_print
from .offline import guard_async
from .pdf_finish import finished, page_numbers

__all__ = [
    "CHROMIUM",
    "FLAGS",
    "Printer",
    "ideographs_not_radicals",
    "missing",
    "pdf_name",
    "start_printer",
    "write_pdfs",
]

CHROMIUM = os.environ.get("ANALYSIS_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_MAIN = re.compile(r'<main id="main">(.*)</main>', re.S)
_HEAD = re.compile(r"^(.*?<body>)", re.S)
_FOOTER = re.compile(r'(<footer class="site-footer">.*?</footer>)', re.S)
_PAGE_NUMBERS = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#444">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


def pdf_name(lang: str) -> str:
    return f"report_{lang}.pdf"


def missing() -> str | None:
    """Why PDFs cannot be made here (None when they can)."""
    if not os.path.exists(CHROMIUM):
        return f"{CHROMIUM} not found (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
        import pypdf  # noqa: F401
    except ImportError as exc:
        return f"the {exc.name} package is not installed (make env installs it)"
    return None


_IMAGE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
_PRINT_WIDTH_PX = 1333  # a slide PNG halved: 190 dpi across the 180 mm of an A4 text width


def _for_paper(png: str, done: dict[str, str]) -> str:
    """An embedded chart at print resolution, as JPEG: Chromium copies a JPEG into the PDF as it is,
    while it re-compresses every pixel of a PNG, which made printing the slowest step of the build.
    Each picture once per print (`done`): the draft that finds the page numbers holds the same ones."""
    import base64
    import io

    from PIL import Image

    if png not in done:
        image = Image.open(io.BytesIO(base64.b64decode(png)))
        factor = max(1, round(image.width / _PRINT_WIDTH_PX))
        buffer = io.BytesIO()
        image.convert("RGB").reduce(factor).save(buffer, "JPEG", quality=90)
        done[png] = f'src="data:image/jpeg;base64,{base64.b64encode(buffer.getvalue()).decode("ascii")}"'
    return done[png]


_H1_H2 = re.compile(r'<h([12])(?: id="([^"]+)")?[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
_NOT_PRINTED = re.compile(r'<section[^>]*class="no-print"[^>]*>.*?</section>', re.S)  # Files: not on paper
_TOC_WORDS = {"zh": "目录", "en": "Contents"}


def _headings(sections: list[tuple[str, str]]) -> list[tuple[int, str, str]]:
    """(level, anchor, text) of each page's title and its sections, in order: the contents list."""
    import html as html_module

    found = []
    for key, body in sections:
        for level, ident, text in _H1_H2.findall(_NOT_PRINTED.sub("", body)):
            plain = html_module.unescape(_TAG.sub("", text)).strip()
            anchor = f"{key}--top" if level == "1" else ident
            if anchor and plain and not ident.endswith("toc-title"):
                found.append((int(level), anchor, plain))
    return found


def _contents(entries: list[tuple[int, str, str]], numbers: list[str], lang: str) -> str:
    """The contents list: each heading, dotted leaders and its page (numbers '00' until they are known)."""
    from html import escape

    rows = "".join(
        f'<li class="toc-l{level}"><a href="#{escape(anchor)}">{escape(text)}</a>'
        f'<span class="leader" aria-hidden="true"></span><span class="pno">{number}</span></li>'
        for (level, anchor, text), number in zip(entries, numbers, strict=True)
    )
    return f'<nav class="print-toc"><h2 id="print-toc">{_TOC_WORDS[lang]}</h2><ol>{rows}</ol></nav>'


def _document(
    files: list[Path], numbers: list[str] | None = None, lang: str = "zh", pictures: dict | None = None
) -> tuple[str, list]:
    """One HTML document of pages (the first page's head, the contents, each page's main, the first
    page's footer), and its contents entries. `pictures`: the charts already made ready for paper."""
    first = files[0].read_text(encoding="utf-8")
    names = {f.name for f in files}
    done = {} if pictures is None else pictures
    sections = []
    for path in files:
        main = _MAIN.search(path.read_text(encoding="utf-8"))
        if not main:
            raise BuildError(f"{path}: no <main> to print")
        key = path.name.removesuffix(".html")
        sections.append((key, _IMAGE.sub(lambda m: _for_paper(m[1], done), for_print(main[1], key, names))))
    entries = _headings(sections)
    contents = _contents(entries, numbers or ["00"] * len(entries), lang)
    pages = "".join(f'<section class="print-page" id="{key}--top">{body}</section>' for key, body in sections)
    footer = _FOOTER.search(first)
    head = _HEAD.search(first)[1]
    document = (
        head + "<main>" + contents + pages + "</main>" + (footer[1] if footer else "") + "</body></html>"
    )
    return document, entries


class Printer:
    """Prints the reviewer pages of every language (of every report) at once: one browser for the build.

    `stage` is a report's reports/ folder, or {report_id: folder} for a library. The browser starts at
    once, so that launching it overlaps with writing the pages; `print` hands
    over each language's pages; Chromium lays out and prints the languages in parallel (a renderer
    process each); `wait` returns the PDFs, re-raising a failure.
    """

    def __init__(self, stage: Path | dict, langs: tuple[str, ...]):
        import threading
        from concurrent.futures import Future

        self.stages = stage if isinstance(stage, dict) else {None: stage}
        self.meta: dict[tuple, dict[str, str]] = {}
        self.pages: dict[tuple, Future] = {(key, lang): Future() for key in self.stages for lang in langs}
        self.result: Future = Future()
        self.thread = threading.Thread(target=self._run, name="pdf", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        import asyncio

        try:
            self.result.set_result(asyncio.run(self._print_all()))
        except (AnalysisError, OSError) as exc:
            self.result.set_exception(exc)
        except Exception as exc:  # Playwright's own errors: a browser that cannot start or print
            self.result.set_exception(_browser_failed(exc))
        except BaseException as exc:
            self.result.set_exception(exc)

    async def _print_all(self) -> list[Path]:
        import asyncio

        from playwright.async_api import async_playwright

        loop = asyncio.get_running_loop()
        loop.set_exception_handler(_quiet)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            try:
                context = await browser.new_context(java_script_enabled=False)

                async def one(key, lang: str) -> Path | None:
                    files = await loop.run_in_executor(None, self.pages[key, lang].result)
                    if not files and key is not None:  # a report of the library left unprinted
                        return None
                    stage, pictures = self.stages[key], {}  # the draft's pictures, for the final print
                    document, entries = await loop.run_in_executor(
                        None, _write_document, stage, lang, files, None, pictures
                    )
                    first = await _print(context, stage, lang, files, document, draft=True)
                    numbers = await loop.run_in_executor(None, page_numbers, first, entries)
                    document, _ = await loop.run_in_executor(
                        None, _write_document, stage, lang, files, numbers, pictures
                    )
                    return await _print(context, stage, lang, files, document)

                printed = await asyncio.gather(*(one(key, lang) for key, lang in self.pages))
            finally:
                await browser.close()
        return [
            finished(ideographs_not_radicals(path), lang, self.meta.get((key, lang), {}))
            for path, (key, lang) in zip(printed, self.pages, strict=True)
            if path is not None
        ]

    def print(
        self, pages: dict[str, list[Path]], meta: dict[str, dict[str, str]] | None = None, key=None
    ) -> None:
        """Print each language's pages (of report `key`); `meta[lang]` holds the PDF's title, subject, creator."""
        for lang, files in pages.items():
            self.meta[key, lang] = (meta or {}).get(lang, {})
            self.pages[key, lang].set_result(files)

    def _release(self) -> None:
        for future in self.pages.values():  # a language never handed over: nothing to wait for
            if not future.done():
                future.set_result([])

    def wait_quietly(self) -> None:
        """Stop after a failure elsewhere: nothing more to print, the printer's own error dropped."""
        self._release()
        self.result.exception()

    def wait(self) -> list[Path]:
        self._release()
        return self.result.result()


def _browser_failed(exc: Exception) -> BuildError:
    """One line for what the browser said (Playwright's messages run to pages of its log)."""
    said = next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
    return BuildError(
        f"{CHROMIUM}: could not print the PDFs ({said}); set ANALYSIS_CHROMIUM to a Chromium, or install"
        " Debian's chromium"
    )


def _quiet(loop, context: dict) -> None:
    """The printer's loop: a future nobody waits for any more (the build stopped, Ctrl-C reached the
    browser) is dropped silently; every failure that matters reaches `Printer.wait`."""
    if "never retrieved" not in str(context.get("message", "")):
        loop.default_exception_handler(context)


def start_printer(stage: Path | dict, langs: tuple[str, ...]) -> Printer | None:
    """A Printer for `langs`, or None with a message where Chromium is missing (an error under CI=true)."""
    why = missing()
    if why:
        if os.environ.get("CI") == "true":
            raise BuildError(f"CI=true but the PDFs cannot be made: {why}")
        print(f"  skipped   PDFs: {why}", flush=True)
        return None
    return Printer(stage, langs)


def write_pdfs(stage: Path, pages: dict[str, list[Path]]) -> list[Path]:
    """Print each language's pages into stage/report_<lang>.pdf; [] with a message when Chromium is missing."""
    printer = start_printer(stage, tuple(pages))
    if printer is None:
        return []
    printer.print(pages)
    return printer.wait()


def _write_document(
    stage: Path, lang: str, files: list[Path], numbers: list[str] | None = None, pictures: dict | None = None
):
    if not files:
        raise BuildError(f"report_{lang}.pdf: no pages to print")
    document = stage / "html" / f".print-{lang}.html"  # beside the pages: same relative links
    text, entries = _document(files, numbers, lang, pictures)
    document.write_text(text, encoding="utf-8")
    return document, entries


async def _print(
    context, stage: Path, lang: str, files: list[Path], document: Path, draft: bool = False
) -> Path:
    page = await context.new_page()
    refused = await guard_async(page)
    try:
        await page.goto(document.as_uri(), wait_until="load")
        if refused:
            raise BuildError(f"reports/html/{files[0].name}: a page asked the network for {refused[0]}")
        target = stage / (f".draft-{pdf_name(lang)}" if draft else pdf_name(lang))
        await page.emulate_media(media="print")
        await page.pdf(
            path=str(target),
            format="A4",
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=_PAGE_NUMBERS,
            outline=True,
            tagged=True,
        )
        return target
    finally:
        await page.close()
        if not draft:
            document.unlink(missing_ok=True)


_MAPPING = re.compile(
    rb"^(\s*<[0-9A-Fa-f]+>\s*(?:<([0-9A-Fa-f]+)>\s*)?)<(2[Ee][89A-Fa-f][0-9A-Fa-f]|2[Ff][0-9A-Da-d][0-9A-Fa-f])>",
    re.M,
)


@cache
def _ideographs() -> dict[int, int]:
    """Radical -> the ideograph Noto Sans CJK draws with the same glyph (rules/radicals.csv, read off its cmap)."""
    rows = rule_table(rules_dir(__file__), "radicals", ("radical", "ideograph"), ("note",))
    return {int(r["radical"], 16): int(r["ideograph"], 16) for r in rows}


def _ideograph(match: re.Match) -> bytes:
    """One ToUnicode mapping to a radical, pointed at its ideograph (a range of several glyphs is kept)."""
    low, high = match[0].split(b">")[0], match[2]
    if high is not None and int(high, 16) != int(low.strip().lstrip(b"<"), 16):
        return match[0]
    radical = int(match[3], 16)
    plain = _ideographs().get(radical) or ord(unicodedata.normalize("NFKC", chr(radical))[0])
    return match[1] + (b"<%04X>" % plain if plain <= 0xFFFF else _utf16(plain))


_OBJECT = re.compile(rb"(\d+) 0 obj\s*<<(.*?)>>\s*stream\r?\n", re.S)


def _offsets(data: bytes, xref: int) -> dict[int, int]:
    """Object number -> byte offset, from a classic cross-reference table at `xref`."""
    offsets, at = {}, xref + len(b"xref")
    for first, count in re.findall(rb"\s(\d+) (\d+)\s", data[at : at + 40])[:1]:
        rows = data[data.index(b"\n", data.index(first, at)) + 1 :]
        for index in range(int(count)):
            entry = rows[index * 20 : index * 20 + 18].split()
            if len(entry) == 3 and entry[2] == b"n":
                offsets[int(first) + index] = int(entry[0])
    return offsets


def _fixed_maps(data: bytes, xref: int) -> dict[int, bytes]:
    """{object number: new compressed ToUnicode stream} for every map that names a radical."""
    import zlib

    offsets = _offsets(data, xref)
    fixed = {}
    for number in sorted({int(n) for n in re.findall(rb"/ToUnicode (\d+) 0 R", data)}):
        found = _OBJECT.match(data, offsets.get(number, 0))
        if not found or int(found[1]) != number or b"/FlateDecode" not in found[2]:
            continue
        length = int(re.search(rb"/Length (\d+)", found[2])[1])
        cmap = zlib.decompress(data[found.end() : found.end() + length])
        better = _MAPPING.sub(_ideograph, cmap)
        if better != cmap:
            fixed[number] = zlib.compress(better, 6)
    return fixed


def ideographs_not_radicals(path: Path) -> Path:
    """Make copied and searched text read 工, not ⼯: point the fonts' ToUnicode maps at the ideographs.

    Noto Sans CJK draws a radical (U+2F2F ⼯, U+2EE3 ⻋) and its ideograph (U+5DE5 工, U+8F66 车) with
    one glyph, and Chromium's PDF names the first code point of a glyph, so 工作 would be extracted as
    ⼯作. Every single mapping to a radical (U+2E80-U+2FDF) is pointed at the ideograph of that glyph.
    The new maps are appended as an incremental update (the PDF standard's way to amend a file):
    the pages, images and fonts are not rewritten.
    """
    data = path.read_bytes()
    if b"NotoSansCJK" not in data:  # only Noto's glyphs are shared by a radical and its ideograph
        return path
    trailer = re.findall(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)", data[-4096:], re.S)
    fixed = _fixed_maps(data, int(trailer[-1][1])) if trailer else {}
    if not fixed:
        return path
    keys, previous = trailer[-1]
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for number, stream in fixed.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n<</Filter /FlateDecode /Length %d>> stream\n" % (number, len(stream))
        out += stream + b"\nendstream\nendobj\n"
    xref = len(out)
    out += b"xref\n" + b"".join(b"%d 1\n%010d 00000 n \n" % item for item in sorted(offsets.items()))
    kept = b"".join(re.findall(rb"/(?:Size|Root|Info) [^/>]+", keys))
    out += b"trailer\n<<%s /Prev %s>>\nstartxref\n%d\n%%%%EOF\n" % (kept, previous, xref)
    path.write_bytes(bytes(out))
    return path


def _utf16(code_point: int) -> bytes:
    """<D840DC00>: a code point beyond the BMP as a CMap writes it (a UTF-16 surrogate pair)."""
    high, low = divmod(code_point - 0x10000, 0x400)
    return b"<%04X%04X>" % (0xD800 + high, 0xDC00 + low)
