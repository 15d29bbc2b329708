# The front door. `make help` lists the targets.
# Every target creates the environment (.venv) on first use, from pyproject.toml.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
UV     := $(VENV)/bin/uv
STAMP  := $(VENV)/.installed
LABSTAMP := $(VENV)/.installed-lab

.DEFAULT_GOAL := help
.PHONY: help env report add tables test test-fast test-slow fuzz bench lab lint format dictionary check clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -e '.[dev]'
	@# the package's own modules too (an editable install is not compiled): where PYTHONDONTWRITEBYTECODE is
	@# set, every process (test worker, build, kernel) would otherwise compile them again. Meanwhile, on the
	@# other core, the test modules as pytest rewrites their asserts (collecting caches them): on a fresh clone
	@# both workers of the fast suite otherwise rewrite every test module at once (~1.5-2 s of its time).
	@# Then hypothesis' unicode tables (.hypothesis/unicode_data/), which each worker of a fresh clone's first
	@# run otherwise computes at its first st.text() (1.3 s of CPU each); benchmarks/ is imported by tests
	$(PYTEST) --collect-only -q -p no:cacheprovider >/dev/null 2>&1 & $(PY) -m compileall -q src benchmarks >/dev/null \
	  && $(PY) -c 'from hypothesis import strategies; strategies.text().validate()'; s=$$?; wait; exit $$s
	$(PY) -m ipykernel install --sys-prefix --name wujin-analysis --display-name "Python (wujin-analysis)" >/dev/null
	@touch $@

env: $(STAMP) ## create .venv (python3 -m venv, uv installs the package and its dev extra, the kernel wujin-analysis)

report: $(STAMP) ## build the library: every report of the manifest in reports/ (HTML, decks, workbook, tables) and figures/
	$(PY) -m analysis build

FILE ?=
add: $(STAMP) ## add a report to the library: make add FILE=path/to/report.txt [ARGS="--id xishan_2025 --district 锡山区"]
	@test -n "$(FILE)" || { echo "make add FILE=path/to/report.txt: name the report's text file"; exit 2; }
	$(PY) -m analysis add "$(FILE)" $(ARGS)

tables: $(STAMP) ## write only the tidy tables to tables/*.csv (reports/ is written by the build alone)
	$(PY) -m analysis tables --out tables

check: $(STAMP) ## validate the report's tables and print a summary
	$(PY) -m analysis check

# Both run on every core (pytest-xdist). The fast ones --dist worksteal: each worker starts with its half of
# the tests in order (a module's fixtures and caches made on one worker, not on both as --dist load did) and
# takes over the other's when it runs out. The slow ones --dist loadgroup, which tests/scheduling.py takes
# over (xdist's own no longer groups under pytest 9.2): the fixture library's build and the browser's tests
# (the first of which makes the session's build) start at once, one per worker; modules that share a module
# fixture or a build stay on one worker, the other slow tests go one by one, longest modules first. The
# session's build is made once for all workers (conftest._once_per_run).
FAST_TESTS := -m "not slow and not browser" -q -n auto --dist worksteal
# Test runs keep their bytecode (tests/ and src/ __pycache__, git-ignored) even where the environment sets
# PYTHONDONTWRITEBYTECODE: each worker otherwise compiles and assertion-rewrites every test module again
# (6.2 s instead of 2.8 s of CPU per worker, helper budget6's measurement)
# The two plugins the tests use are named (--disable-plugin-autoload): pytest otherwise rewrites the asserts of
# every module of each installed plugin's package (hypothesis' ~70) in each process of a fresh clone's first run
PYTEST := PYTHONDONTWRITEBYTECODE= $(PY) -m pytest --disable-plugin-autoload -p xdist -p hypothesispytest
SLOW_TESTS := -m "slow or browser" -q -n auto --dist loadgroup

test: $(STAMP) ## run all tests: fast unit tests, then the slow ones (notebooks, build, browser)
	$(PYTEST) $(FAST_TESTS)
	$(PYTEST) $(SLOW_TESTS)

test-fast: $(STAMP) ## run only the fast unit tests
	$(PYTEST) $(FAST_TESTS)

test-slow: $(STAMP) ## run only the slow tests (notebooks, builds, LibreOffice and Chromium checks)
	$(PYTEST) $(SLOW_TESTS)

# Property tests: derandomized under CI (two runs of one commit agree), random seeds here.
# `make fuzz` runs each with FUZZ_SCALE (40) times its examples; turn each failure into an ordinary test.
FUZZ_SCALE ?= 40
fuzz: $(STAMP) ## run the property tests with many random examples (FUZZ_SCALE=40 times each test's own)
	HYPOTHESIS_PROFILE=fuzz FUZZ_SCALE=$(FUZZ_SCALE) $(PY) -m pytest -m property -q -n auto -p no:cacheprovider

bench: $(STAMP) ## measure the build and the extraction (ratios within one run)
	$(PY) benchmarks/run.py

$(LABSTAMP): $(STAMP)
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -e '.[dev,lab]'
	@touch $@

LAB_ARGS ?=
lab: $(LABSTAMP) ## open JupyterLab on notebooks/ with the project's kernel; extra arguments: LAB_ARGS="--no-browser --port 8899"
	$(VENV)/bin/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

lint: $(STAMP) ## ruff check and format check
	$(PY) -m ruff check src tests benchmarks
	$(PY) -m ruff format --check src tests benchmarks

format: $(STAMP) ## ruff fix and format
	$(PY) -m ruff check --fix src tests benchmarks
	$(PY) -m ruff format src tests benchmarks

dictionary: $(STAMP) ## regenerate data/README.md (the data dictionary) from src/analysis/schema.py
	$(PY) -m analysis dictionary --write data/README.md

clean: ## remove generated outputs and caches (keeps .venv)
	rm -rf reports figures/zh figures/en tables .build .build-cache .pytest_cache .hypothesis
