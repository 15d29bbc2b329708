"""`make report`: execute the notebooks and publish everything the users read.

    reports/index.html            a line on each page, links to the files below
    reports/html/<nb>.html        each notebook for reviewers (no code), offline
    reports/html/<nb>.code.html   the same with code
    reports/charts_zh.pptx, charts_en.pptx   editable charts, one per slide, for planners
    reports/charts_*_pictures.pptx           the same slides with the charts as pictures
    reports/tables.xlsx           a sheet per tidy table, units in headers, provenance
    reports/tables/*.csv          the tidy tables as UTF-8 CSV
    figures/zh/*.png|svg, figures/en/*.png|svg   every chart, slide-sized (bare/: without title)

Fast: notebooks run in parallel on warm kernels (runner.py), and a notebook
whose inputs (its own file, the library, data/, the installed versions of the
packages that shape its output) did not change is taken from the sealed cache
in .build-cache/ (cache.py). Deciding that nothing changed at all reads file
bytes, a stamp and file sizes, and imports neither pandas nor matplotlib.

Safe: the raw reports are checked first (one line, exit 2, at once). Every
output is written into a new versioned folder, published in one step only
when every notebook ran and every page passed the offline check, under a
lock that keeps a second build out (outputs.py); so a failed or killed build
leaves the previous outputs as they were. Nothing is written under data/,
nor over a folder this build did not make (targets.py).
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import sys
import time
from pathlib import Path

from ..errors import BuildError, one_line, os_error_line
from ..source import reports as raw_reports
from ..source.report_files import verify_report_files
from ..source.reports import DEFAULT_REPORT
from .cache import NotebookCache, notebook_keys
from .outputs import OutputFolder
from .targets import build_folder, resolved

__all__ = ["ROOT", "build"]

ROOT = Path(__file__).resolve().parents[3]
LIBRARY_DIR = Path(__file__).resolve().parents[1]
# Code jobs, run by a kernel that has the tables warm: the tables and the editable decks after the
# notebooks in the queue; the picture decks once the last notebook has saved its pictures.
_TABLES_JOB, _DECKS_JOB, _PICTURES_JOB = "tables", "decks", "pictures"
_CODE_JOBS = (_TABLES_JOB, _DECKS_JOB, _PICTURES_JOB)
_DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG}


def _say(line: str) -> None:
    print(line, flush=True)


def build(
    root: Path | None = None,
    out: Path | None = None,
    notebooks_dir: Path | None = None,
    force: bool = False,
    jobs: int | None = None,
    lang: str = "zh",
    report: str = DEFAULT_REPORT,
) -> int:
    """Run the build; 0 on success, 1 when a notebook failed (previous outputs kept).

    Raises BuildError/OutputError/ReportError (one line) for a changed raw file, a
    refused or unwritable output folder, a second build at once, a full disk.
    """
    started = time.perf_counter()
    logging.getLogger("asyncio").setLevel(
        logging.CRITICAL
    )  # its notes on a stopped browser are not for users
    root = Path(root or ROOT)
    folder = OutputFolder(build_folder(out or root))  # absolute: the kernels run in notebooks/
    notebooks_dir = resolved(notebooks_dir or root / "notebooks", "build --notebooks")
    if not notebooks_dir.is_dir():
        found = "nothing" if not os.path.lexists(notebooks_dir) else "a file"
        raise BuildError(f"{notebooks_dir}: build --notebooks expects a folder of notebooks, found {found}")
    notebooks = sorted(p for p in notebooks_dir.glob("*.ipynb") if not p.name.startswith("."))
    if not notebooks:
        raise BuildError(f"{notebooks_dir}: no notebooks (*.ipynb) to build")
    raw_reports.verify_raw_files()  # a changed raw file: the line every command gives, at once
    for row in raw_reports.manifest():  # a bad registry file or placeholder: its line, before any notebook
        verify_report_files(row["report_id"])
    parameters = {"REPORT": report, "LANG": lang}
    keys = notebook_keys(notebooks, parameters, LIBRARY_DIR, raw_reports.DATA_DIR)
    overall = hashlib.sha256(json.dumps(keys, sort_keys=True).encode()).hexdigest()[:20]
    try:
        with folder.lock():
            folder.check_layout()
            if not force and folder.up_to_date(overall):
                folder.clean()  # what a killed build left: nothing piles up
                NotebookCache(folder.root / ".build-cache").prune()
                seconds = time.perf_counter() - started
                _say(f"up to date: {len(notebooks)} notebooks unchanged ({seconds:.2f} s)")
                return 0
            return _build_into(folder, notebooks, keys, parameters, force, jobs, report, overall, started)
    except OSError as exc:  # a full disk, a read-only folder, a name too long: one line
        if exc.errno in _DISK_ERRORS or exc.filename is None:  # name the folder, not a temporary file
            raise BuildError(f"{folder.root}: {exc.strerror or exc}; nothing was published") from None
        raise BuildError(os_error_line(exc)) from None


def _build_into(folder, notebooks, keys, parameters, force, jobs, report, overall, started) -> int:
    """Run what is not cached into a new build folder and publish it, or leave everything as it was."""
    cache = NotebookCache(folder.root / ".build-cache")
    cache.folder.mkdir(parents=True, exist_ok=True)
    cache.prune()
    stage = folder.new_build()
    try:
        with _Publisher(stage, report, overall, keys) as publisher:
            if not _execute(notebooks, keys, parameters, cache, force, jobs, publisher):
                publisher.abandon()
                folder.discard(stage)
                seconds = time.perf_counter() - started
                _say(f"build failed after {seconds:.1f} s; previous outputs left as they were")
                return 1
            publisher.finish()
            for entry in publisher.entries:  # what was read from the cache is still what its seal says
                NotebookCache.verify(entry)
        folder.publish(stage, {"key": overall, "notebooks": keys})
    except BaseException:
        folder.discard(stage)
        raise
    cache.prune(keys)
    _say(
        f"built {folder.root / 'reports'} and {folder.root / 'figures'} in {time.perf_counter() - started:.1f} s"
    )
    return 0


def _commit(cache: NotebookCache, name: str, key: str, outcome) -> Path:
    import nbformat

    return cache.commit(name, key, nbformat.writes(outcome.notebook).encode("utf-8"), outcome.seconds)


def _plan(notebooks, keys, parameters, cache: NotebookCache, force, publisher: _Publisher):
    """(the notebooks to run, longest first; the saved charts of the cached ones, handed over already)."""
    from .runner import Job

    todo: list[Job] = []
    figures: list[Path] = []  # every notebook's saved charts, cached or run: the picture decks read them
    for path in notebooks:
        name = path.stem
        entry, damage = (None, None) if force else cache.lookup(name, keys[name])
        if entry is not None:
            _say(f"  cached    {name}")
            publisher.add(name, cache.notebook(entry), cache.figures(entry))
            figures.append(cache.figures(entry))
            continue
        if damage:
            _say(f"  damaged   {name}  cache entry not used ({damage}); running it")
        todo.append(Job(name, path, {**parameters, "FIGURES_DIR": str(cache.workspace(name, keys[name]))}))
    # The longest first (as last run, else the largest file): the slowest notebook bounds the build.
    todo.sort(key=lambda job: -(cache.seconds(job.name) or job.path.stat().st_size / 1e6))
    return todo, figures


def _execute(notebooks, keys, parameters, cache: NotebookCache, force, jobs, publisher: _Publisher) -> bool:
    """Run what is not cached; hand every finished notebook to the publisher. False if one failed."""
    from .runner import Job, run_notebooks

    todo, figures = _plan(notebooks, keys, parameters, cache, force, publisher)
    pending = {job.name for job in todo}
    if todo:  # last in the queue: a kernel that has the tables in memory writes them
        todo.append(Job(_TABLES_JOB, None, code=publisher.tables_code()))
        todo.append(Job(_DECKS_JOB, None, code=publisher.decks_code()))
    else:
        publisher.add_tables()

    failed: list[str] = []
    unwritable: list[OSError] = []
    refused: list[str] = []  # a library error inside a kernel: its own line, exit 2

    def finished(outcome) -> list[Job]:
        name = outcome.job.name
        if outcome.error:
            _say(f"  FAILED    {name}  {outcome.seconds:.2f} s  {one_line(outcome.error)}")
            if name not in _CODE_JOBS:
                cache.discard(name, keys[name])
            if outcome.errno in _DISK_ERRORS:  # a full or read-only disk, not the notebook's fault
                unwritable.append(OSError(outcome.errno, os.strerror(outcome.errno)))
            elif outcome.refusal is not None:
                refused.append(outcome.refusal)
            else:
                failed.append(outcome.error)
            return []
        _say(f"  {'wrote' if name in _CODE_JOBS else 'executed':9s} {name}  {outcome.seconds:.2f} s")
        if name in _CODE_JOBS:
            return []
        try:
            entry = _commit(cache, name, keys[name], outcome)
        except OSError as exc:  # a full disk: no entry, no partial file; the build stops with one line
            unwritable.append(exc)
            return []
        publisher.add(name, cache.notebook(entry), cache.figures(entry))
        figures.append(cache.figures(entry))
        pending.discard(name)
        if pending or failed or unwritable:
            return []
        publisher.start_site()  # every page is in: the site and its PDFs need no more
        return [Job(_PICTURES_JOB, None, code=publisher.pictures_code(figures))]

    workers = jobs or len(os.sched_getaffinity(0))
    # the kernels read the data the build checked, wherever they run (a relative ANALYSIS_DATA_DIR too)
    env = {"ANALYSIS_DATA_DIR": str(raw_reports.DATA_DIR)}
    run_notebooks(todo, workers, todo[0].path.parent if todo else Path.cwd(), finished, env)
    if unwritable:
        raise unwritable[0]
    if refused:
        raise BuildError(refused[0])
    if failed:
        more = f" (and {len(failed) - 1} more failure(s), listed above)" if len(failed) > 1 else ""
        print(f"error: {one_line(failed[0])}{more}", file=sys.stderr)
    return not failed


class _Publisher:
    """Writes reports/ and figures/ into the new build folder while the notebooks run.

    Each notebook's pages are written as soon as it finishes, on one
    background thread: the kernels are other processes, so this uses the time
    the build would otherwise spend waiting for the slowest notebook. The
    tables and workbook are written by a kernel as the last job (pandas and
    the tables are in its memory), or here when every notebook came from the
    cache.
    """

    def __init__(self, build: Path, report_id: str, overall: str, keys: dict[str, str]):
        self.build = build  # .build/<id>/ of outputs.OutputFolder: reports/, figures/zh/, figures/en/
        self.report_id, self.overall, self.keys = report_id, overall, keys
        self.pages: dict[str, object] = {}
        self.deck_pictures: dict[tuple[str, str], Path] = {}
        self.pictures_written = False  # by a kernel (pictures_code), else here in finish
        self.site = None  # the future of start_site
        self.entries: list[Path] = []  # the cache entries published from, checked again at the end

    def __enter__(self) -> _Publisher:
        from concurrent.futures import ThreadPoolExecutor

        self.stages = {"reports": self.build / "reports", "zh": self.build / "figures" / "zh"}
        self.stages["en"] = self.build / "figures" / "en"
        (self.stages["reports"] / "html").mkdir()
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="publish")
        self.futures = []
        # The PDF printer's browser starts now, to wait for the pages while the notebooks run.
        from . import pdf

        self.printer = None
        self.printer = pdf.start_printer(self.stages["reports"], ("zh", "en"))
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

    def add(self, name: str, executed: Path, exported: Path) -> None:
        self.futures.append(self.pool.submit(self._notebook, name, executed, exported))

    def add_tables(self) -> None:
        """Write the tables and the editable decks here, on the background thread (when no kernel runs)."""
        from . import deck

        self.futures.append(self.pool.submit(write_tables_and_workbook, self.stages["reports"]))
        self.futures.append(
            self.pool.submit(deck.write_editable_decks, self.stages["reports"], self.report_id)
        )

    def tables_code(self) -> str:
        """The tables, as code for a kernel that already holds pandas and the tables."""
        stage = str(self.stages["reports"])
        return f"from analysis.publish.build import write_tables_and_workbook\nwrite_tables_and_workbook({stage!r})"

    def pictures_code(self, figures: list[Path]) -> str:
        """The picture decks from the notebooks' saved charts, as code for a kernel; done once it ran."""
        self.pictures_written = True
        stage, report, folders = str(self.stages["reports"]), self.report_id, [str(f) for f in figures]
        return (
            "from analysis.publish.deck import write_picture_decks_from\n"
            f"write_picture_decks_from({stage!r}, {report!r}, {folders!r})"
        )

    def decks_code(self) -> str:
        """The editable decks (they read the tables only), as code for a kernel that holds the tables."""
        stage, report = str(self.stages["reports"]), self.report_id
        return f"from analysis.publish.deck import write_editable_decks\nwrite_editable_decks({stage!r}, {report!r})"

    def _notebook(self, name: str, executed: Path, exported: Path) -> None:
        import nbformat

        from .. import present
        from . import pages

        entry = executed.parent  # the sealed cache entry: only its sealed bytes are published
        self.entries.append(entry)
        for lang in ("zh", "en"):
            for file in sorted(p for p in (exported / lang).rglob("*") if p.is_file()):  # and bare/
                target = self.stages[lang] / file.relative_to(exported / lang)
                target.parent.mkdir(exist_ok=True)
                NotebookCache.sealed_copy(entry, str(file.relative_to(entry)), target)
            for file in sorted((exported / present.DECK_DIR / lang).glob("*.png")):
                self.deck_pictures[(lang, file.stem)] = file
        nb = nbformat.reads(NotebookCache.sealed_copy(entry, executed.name).decode("utf-8"), as_version=4)
        page = pages.read_notebook(nb, name, exported)
        code = pages.write_code_page(nb, page, self.stages["reports"] / "html")
        found = pages.external_urls(code.read_text(encoding="utf-8"))
        if found:
            raise BuildError(f"reports/html/{code.name}: {len(found)} external URL(s), e.g. {found[0]}")
        self.pages[name] = page

    def start_site(self) -> None:
        """Once every notebook is in: check the charts, write the reviewer site, start the PDFs.

        It runs on the background thread after the notebooks' pages, while kernels may still write
        decks; finish() waits for it.
        """
        if self.site is None:
            self.site = self.pool.submit(self._site)

    def _site(self):
        from .. import charts
        from .site import publish_site

        missing = [
            f"{lang}/{chart}.png"
            for chart in charts.DECK_CHARTS
            for lang in ("zh", "en")
            if not (self.stages[lang] / f"{chart}.png").is_file() or (lang, chart) not in self.deck_pictures
        ]
        if missing:
            raise BuildError(
                f"no notebook exported {', '.join(missing)}: each chart needs a notebook cell"
                " present.chart(name, REPORT, LANG, FIGURES_DIR)"
            )
        ordered = [self.pages[name] for name in sorted(self.pages)]
        return publish_site(self.stages["reports"], ordered, self.report_id, self.printer)

    def finish(self) -> None:
        """Wait for the background work, write what is left, wait for the PDFs (build() then publishes)."""
        from . import deck

        self.start_site()
        for future in self.futures:
            future.result()  # re-raises a failure of the background thread here
        pdfs = self.site.result()
        if not self.pictures_written:  # every notebook came from the cache: no kernel ran
            deck.write_picture_decks(self.stages["reports"], self.report_id, self.deck_pictures)
        pdfs()


def write_tables_and_workbook(stage: str | Path) -> None:
    """reports/tables/*.csv and reports/tables.xlsx: every declared table, for every report."""
    from .files import table_frames, write_csvs
    from .workbook import write_workbook

    frames = table_frames("all")
    write_csvs(Path(stage) / "tables", frames)
    write_workbook(frames, Path(stage) / "tables.xlsx")
