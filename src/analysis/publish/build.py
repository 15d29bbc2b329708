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
whose inputs (its own file, the library, data/) did not change is taken from
the content-addressed cache in .build-cache/. Deciding that nothing changed at
all reads file bytes and a stamp, and imports neither pandas nor matplotlib.

Safe: everything is written to staging folders first and swapped in only when
every notebook ran and every page passed the offline check, so a failed build
leaves the previous outputs as they were. Nothing is written under data/.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

from ..errors import BuildError
from ..files import new_stage, replace_dir
from ..source.reports import DATA_DIR, DEFAULT_REPORT

__all__ = ["ROOT", "build"]

ROOT = Path(__file__).resolve().parents[3]
LIBRARY_DIR = Path(__file__).resolve().parents[1]
_BUILD_FORMAT = "1"  # bump to invalidate every cache entry and stamp
_STAMP = ".build-stamp.json"
_TABLES_JOB = "tables"


def _tree_digest(folder: Path, suffixes: tuple[str, ...] | None = None) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts or (suffixes and path.suffix not in suffixes):
            continue
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _keys(notebooks: list[Path], parameters: dict) -> dict[str, str]:
    """Content key of each notebook: its bytes, the library, data/ and the parameters."""
    shared = hashlib.sha256()
    shared.update(_BUILD_FORMAT.encode())
    shared.update(_tree_digest(LIBRARY_DIR, (".py", ".csv", ".j2", ".json", ".css")).encode())
    shared.update(_tree_digest(DATA_DIR).encode())
    shared.update(json.dumps(parameters, sort_keys=True).encode())
    keys = {}
    for path in notebooks:
        digest = shared.copy()
        digest.update(path.read_bytes())
        keys[path.stem] = digest.hexdigest()[:20]
    return keys


def _outputs(pages: list[str]) -> list[str]:
    return [
        "index.html",
        "index.en.html",
        "tables.xlsx",
        "charts_zh.pptx",
        "charts_en.pptx",
        "charts_zh_pictures.pptx",
        "charts_en_pictures.pptx",
        *(f"html/{name}.html" for name in pages),
        *(f"html/{name}.code.html" for name in pages),
    ]


def _up_to_date(reports: Path, figures: Path, overall: str, names: list[str]) -> bool:
    try:
        stamp = json.loads((reports / _STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        stamp.get("key") == overall
        and all((reports / f).is_file() for f in _outputs(names))
        and all((figures / lang).is_dir() for lang in ("zh", "en"))
    )


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
    """Run the build; 0 on success, 1 when a notebook failed (previous outputs kept)."""
    started = time.perf_counter()
    root = Path(root or ROOT)
    out = Path(out or root)
    notebooks_dir = Path(notebooks_dir or root / "notebooks")
    reports, figures, cache = out / "reports", out / "figures", out / ".build-cache"
    notebooks = sorted(notebooks_dir.glob("*.ipynb"))
    if not notebooks:
        raise BuildError(f"{notebooks_dir}: no notebooks (*.ipynb) to build")
    parameters = {"REPORT": report, "LANG": lang}
    keys = _keys(notebooks, parameters)
    overall = hashlib.sha256(json.dumps(keys, sort_keys=True).encode()).hexdigest()[:20]
    names = [p.stem for p in notebooks]
    if not force and _up_to_date(reports, figures, overall, names):
        _say(f"up to date: {len(names)} notebooks unchanged ({time.perf_counter() - started:.2f} s)")
        return 0

    cache.mkdir(parents=True, exist_ok=True)
    with _Publisher(reports, figures, report, overall, keys) as publisher:
        if not _execute(notebooks, keys, parameters, cache, force, jobs, publisher):
            publisher.abandon()
            _say(
                f"build failed after {time.perf_counter() - started:.1f} s; previous outputs left as they were"
            )
            return 1
        publisher.finish()
    _prune(cache, keys)
    _say(f"built {reports} and {figures} in {time.perf_counter() - started:.1f} s")
    return 0


def _entry(cache: Path, name: str, key: str) -> tuple[Path, Path]:
    """(executed notebook, figures folder) of a cache entry."""
    return cache / f"{name}.{key}.ipynb", cache / f"{name}.{key}.figures"


def _execute(notebooks, keys, parameters, cache, force, jobs, publisher: _Publisher) -> bool:
    """Run what is not cached; hand every finished notebook to the publisher. False if one failed."""
    from .runner import Job, run_notebooks

    todo: list[Job] = []
    for path in notebooks:
        executed, figures = _entry(cache, path.stem, keys[path.stem])
        if not force and executed.is_file() and figures.is_dir():
            _say(f"  cached    {path.stem}")
            publisher.add(path.stem, executed, figures)
            continue
        shutil.rmtree(figures, ignore_errors=True)
        figures.mkdir(parents=True)
        todo.append(Job(path.stem, path, {**parameters, "FIGURES_DIR": str(figures)}))
    if todo:  # last in the queue: a kernel that has the tables in memory writes them
        todo.append(Job(_TABLES_JOB, None, code=publisher.tables_code()))
    else:
        publisher.add_tables()

    failed = []

    def finished(outcome) -> None:
        name = outcome.job.name
        if outcome.error:
            _say(f"  FAILED    {name}  {outcome.seconds:.2f} s  {outcome.error}")
            failed.append(outcome.error)
            return
        _say(f"  {'wrote' if name == _TABLES_JOB else 'executed':9s} {name}  {outcome.seconds:.2f} s")
        if name == _TABLES_JOB:
            return
        import nbformat

        executed, figures = _entry(cache, name, keys[name])
        tmp = executed.with_suffix(".tmp")
        nbformat.write(outcome.notebook, tmp)
        os.replace(tmp, executed)
        publisher.add(name, executed, figures)

    workers = jobs or len(os.sched_getaffinity(0))
    run_notebooks(todo, workers, todo[0].path.parent if todo else Path.cwd(), finished)
    for line in failed:
        print(f"error: {line}", file=sys.stderr)
    return not failed


class _Publisher:
    """Builds reports/ and figures/ in staging folders while the notebooks run, then swaps them in.

    Each notebook's pages are written as soon as it finishes, on one
    background thread: the kernels are other processes, so this uses the time
    the build would otherwise spend waiting for the slowest notebook. The
    tables and workbook are written by a kernel as the last job (pandas and
    the tables are in its memory), or here when every notebook came from the
    cache.
    """

    def __init__(self, reports: Path, figures: Path, report_id: str, overall: str, keys: dict[str, str]):
        self.targets = {"reports": reports, "zh": figures / "zh", "en": figures / "en"}
        self.report_id, self.overall, self.keys = report_id, overall, keys
        self.pages: dict[str, object] = {}
        self.deck_pictures: dict[tuple[str, str], Path] = {}

    def __enter__(self) -> _Publisher:
        from concurrent.futures import ThreadPoolExecutor

        self.stages = {name: new_stage(target) for name, target in self.targets.items()}
        (self.stages["reports"] / "html").mkdir()
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="publish")
        self.futures = []
        return self

    def __exit__(self, kind, error, traceback) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        if kind is not None:
            self.abandon()

    def abandon(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        for stage in self.stages.values():
            shutil.rmtree(stage, ignore_errors=True)

    def add(self, name: str, executed: Path, exported: Path) -> None:
        self.futures.append(self.pool.submit(self._notebook, name, executed, exported))

    def add_tables(self) -> None:
        """Write the tables here, on the background thread (when no kernel runs)."""
        self.futures.append(self.pool.submit(write_tables_and_workbook, self.stages["reports"]))

    def tables_code(self) -> str:
        """The same, as code for a kernel that already holds pandas and the tables."""
        stage = str(self.stages["reports"])
        return f"from analysis.publish.build import write_tables_and_workbook\nwrite_tables_and_workbook({stage!r})"

    def _notebook(self, name: str, executed: Path, exported: Path) -> None:
        import nbformat

        from .. import present
        from . import pages

        for lang in ("zh", "en"):
            for file in sorted(p for p in (exported / lang).rglob("*") if p.is_file()):  # and bare/
                target = self.stages[lang] / file.relative_to(exported / lang)
                target.parent.mkdir(exist_ok=True)
                shutil.copy2(file, target)
            for file in sorted((exported / present.DECK_DIR / lang).glob("*.png")):
                self.deck_pictures[(lang, file.stem)] = file
        nb = nbformat.read(executed, as_version=4)
        page = pages.read_notebook(nb, name, exported)
        code = pages.write_code_page(nb, page, self.stages["reports"] / "html")
        found = pages.external_urls(code.read_text(encoding="utf-8"))
        if found:
            raise BuildError(f"reports/html/{code.name}: {len(found)} external URL(s), e.g. {found[0]}")
        self.pages[name] = page

    def finish(self) -> None:
        """Wait for the background work, write decks and index, then swap every stage in."""
        from .. import charts
        from . import deck

        for future in self.futures:
            future.result()  # re-raises a failure of the background thread here
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
        from .site import publish_site

        stage = self.stages["reports"]
        pdfs = publish_site(stage, [self.pages[name] for name in sorted(self.pages)], self.report_id)
        deck.write_decks(stage, self.report_id, self.deck_pictures)  # the PDFs print meanwhile
        pdfs()
        (stage / _STAMP).write_text(json.dumps({"key": self.overall, "notebooks": self.keys}, indent=1))
        for name, target in self.targets.items():
            replace_dir(self.stages[name], target)


def write_tables_and_workbook(stage: str | Path) -> None:
    """reports/tables/*.csv and reports/tables.xlsx: every declared table, for every report."""
    from .files import table_frames, write_csvs
    from .workbook import write_workbook

    frames = table_frames("all")
    write_csvs(Path(stage) / "tables", frames)
    write_workbook(frames, Path(stage) / "tables.xlsx")


def _prune(cache: Path, keys: dict[str, str]) -> None:
    """Drop cache entries of older versions of the notebooks."""
    for path in cache.iterdir():
        name, _, rest = path.name.partition(".")
        key = rest.split(".")[0]
        if name in keys and key != keys[name]:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
