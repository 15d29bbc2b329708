"""Writes the library into a new build folder while the kernels run: each report's folder, then the front page.

    publisher = Publisher(build, report_ids, overall, keys)   # a with-block: one thread, one PDF printer
    publisher.report(id).add(notebook, executed)             # a notebook's pages, as soon as it finished
    publisher.report(id).start_site()                        # every page and chart of a report is in
    publisher.finish()                                       # wait, write the front page, wait for the PDFs

Each report's pages are assembled on one background thread as its
notebooks finish: the kernels are other processes, so this uses the time
the build would otherwise spend waiting. The tables, decks and figures are
written by the kernels (tasks.py), or here when every notebook came from
the cache. One browser prints every report's PDFs (pdf.Printer). A report
taken over from the published build (library.reuse) is not written again;
the front page lists it as any other.
"""

from __future__ import annotations

import functools
from pathlib import Path

from ..errors import BuildError
from .cache import NotebookCache
from .library import COMPARE, LIBRARY
from .tasks import Task

__all__ = ["FIGURES", "Publisher", "ReportSite"]

FIGURES = "figures:"  # figures:<chart>@<report>, one task per chart of a report


class ReportSite:
    """One report's outputs in the new build: reports/<id>/ and figures/<lang>/<id>/."""

    def __init__(self, publisher: Publisher, report_id: str):
        self.publisher, self.report_id = publisher, report_id
        self.folder = publisher.build / "reports" / report_id
        self.figures = publisher.build / "figures"  # the charts are in figures/<lang>/<report_id>/
        (self.folder / "html").mkdir(parents=True)
        self.pages: dict[str, object] = {}
        self.futures: list = []
        self.pictures_written = False  # by a kernel (pictures_task), else here in finish
        self.site = None  # the future of start_site

    def add(self, name: str, executed: Path) -> None:
        self.futures.append(self.publisher.pool.submit(self._notebook, name, executed))

    def figure_tasks(self) -> dict[str, Task]:
        """One task per chart of the deck: its files in both languages, into figures/<lang>/<id>/."""
        from .. import charts

        out, report = str(self.figures), self.report_id
        taken = self.publisher.charts_taken.get(report, ())  # from the published build, as they were
        return {
            f"{FIGURES}{name}@{report}": Task("export_chart", {"name": name, "report": report, "out": out})
            for name in charts.DECK_CHARTS
            if name not in taken
        }

    def tables_task(self) -> Task:
        return Task("write_tables", {"stage": str(self.folder), "report": self.report_id})

    def decks_task(self) -> Task:
        return Task("write_editable_decks", {"stage": str(self.folder), "report": self.report_id})

    def pictures_task(self) -> Task:
        """The picture decks from the exported charts; done once a kernel ran it."""
        self.pictures_written = True
        args = {"stage": str(self.folder), "report": self.report_id, "figures": str(self.figures)}
        return Task("write_picture_decks", args)

    def cached_work(self) -> list:
        """No kernel runs: the charts, the tables and the editable decks are made on the background thread."""
        from . import tasks

        work = [*self.figure_tasks().values(), self.tables_task(), self.decks_task()]
        return [self.publisher.pool.submit(tasks.TASKS[t.function], **t.args) for t in work]

    def _notebook(self, name: str, executed: Path) -> None:
        import nbformat

        from ..present.naming import document_name
        from ..source.reports import load_report
        from . import pages

        entry = executed.parent  # the sealed cache entry: only its sealed bytes are published
        self.publisher.entries.append(entry)
        nb = nbformat.reads(NotebookCache.sealed_copy(entry, executed.name).decode("utf-8"), as_version=4)
        page = pages.read_notebook(nb, name)
        report = load_report(self.report_id)
        nav = pages.code_nav(page, document_name(report), report.publisher or "")
        code = pages.write_code_page(nb, page, self.folder / "html", nav)
        found = pages.external_urls(code.read_text(encoding="utf-8"))
        if found:
            where = f"reports/{self.report_id}/html/{code.name}"
            raise BuildError(f"{where}: {len(found)} external URL(s), e.g. {found[0]}")
        self.pages[name] = page

    def start_site(self) -> None:
        """Once every notebook of the report is in: check its charts, write its pages, hand them to the printer."""
        if self.site is None:
            self.site = self.publisher.pool.submit(self._site)

    def _site(self):
        from .. import charts
        from ..charts.render import absent
        from .site import publish_site

        for future in list(self.futures):  # the charts, when no kernel made them
            future.result()
        left_out = absent(self.report_id)
        missing = [
            f"{lang}/{self.report_id}/{chart}.png"
            for chart in charts.DECK_CHARTS
            for lang in ("zh", "en")
            if chart not in left_out and not (self.figures / lang / self.report_id / f"{chart}.png").is_file()
        ]
        if missing:
            raise BuildError(f"figures/{', '.join(missing)}: not exported")
        ordered = [self.pages[name] for name in sorted(self.pages)]
        sealed = self.publisher.sealed_pdf
        return publish_site(
            self.folder, ordered, self.report_id, self.publisher.printer, self.figures,
            sealed=None if sealed is None else functools.partial(sealed, self.report_id),
        )  # fmt: skip

    def finish(self) -> None:
        from . import deck

        self.start_site()
        for future in self.futures:
            future.result()  # re-raises a failure of the background thread here
        self.site.result()
        if not self.pictures_written:  # every notebook came from the cache: no kernel ran
            deck.write_picture_decks_from(self.folder, self.report_id, self.figures)


class Publisher:
    """The new build's reports/ and figures/: the reports built now, then the front page of all of them."""

    def __init__(
        self,
        build: Path,
        built: list[str],
        library: list[str],
        charts_taken: dict[str, list[str]] | None = None,
        sealed_pdf=None,
    ):
        self.build = build  # .build/<id>/ of outputs.OutputFolder: reports/, figures/zh/, figures/en/
        self.built, self.library = built, library  # the reports written now; every report of the library
        self.charts_taken = charts_taken or {}  # {report: charts taken over from the published build}
        self.sealed_pdf = (
            sealed_pdf  # (report, lang, pages) -> its published PDF taken over (library.reuse_pdf)
        )
        self.entries: list[Path] = []  # the cache entries published from, checked again at the end
        self.sites: dict[str, ReportSite] = {}
        self.extra: list = []  # library-wide work done here when no kernel runs

    def __enter__(self) -> Publisher:
        from concurrent.futures import ThreadPoolExecutor

        from . import pdf

        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="publish")
        self.sites = {report_id: ReportSite(self, report_id) for report_id in self.built}
        self.printer = None
        if self.built:  # the browser starts now, to wait for the pages while the notebooks run
            self.printer = pdf.start_printer({r: s.folder for r, s in self.sites.items()}, ("zh", "en"))
        return self

    def __exit__(self, kind, error, traceback) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        if kind is not None:
            self.abandon()

    def abandon(self) -> None:
        """Stop the background work; the caller removes the build folder."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self.printer is not None:
            self.printer.wait_quietly()

    def report(self, report_id: str) -> ReportSite:
        return self.sites[report_id]

    def library_tasks(self) -> dict[str, Task]:
        """The tables of the whole library and the comparisons: they read the data, not the notebooks."""
        stage, figures = str(self.build / "reports"), str(self.build / "figures")
        return {
            LIBRARY: Task("write_library_tables", {"stage": stage, "reports": self.library}),
            COMPARE: Task("write_comparisons", {"stage": stage, "figures": figures, "reports": self.library}),
        }

    def cached_work(self) -> None:
        """No kernel runs at all: every report's and the library's work is done on the background thread."""
        from . import tasks

        for site in self.sites.values():
            site.futures += site.cached_work()
        self.extra = [
            self.pool.submit(tasks.TASKS[t.function], **t.args) for t in self.library_tasks().values()
        ]

    def finish(self) -> None:
        """Wait for every report, write the front page, wait for the PDFs (build() then publishes)."""
        from .front import write_front_page

        for site in self.sites.values():
            site.finish()
        for future in self.extra:
            future.result()
        write_front_page(self.build / "reports", self.library)
        if self.printer is not None:
            self.printer.wait()
