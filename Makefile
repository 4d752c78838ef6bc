# The two commands of the quick start, and a few for developers.
# `make site` and `make test` each create .venv when it is missing and bring it up to date.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site serve test test-fast lint bench clean templates system-packages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,docs]"
	touch $(STAMP)

# EDITION=student builds the site without the exercises' solutions, into its own folder.
EDITION ?= teacher
SITE    := $(if $(filter student,$(EDITION)),_build/html-student,_build/html)
# Sphinx's own files (doctrees, its pickled environment, bmckit's staged downloads) stay beside the site, never in it:
# the folder a teacher publishes holds the pages and their files only.
DOCTREES := $(if $(filter student,$(EDITION)),_build/doctrees-student,_build/doctrees)

site: $(STAMP)
	rm -rf $(SITE)/.doctrees  # where earlier versions kept them
	BMCKIT_EDITION=$(EDITION) $(BIN)/sphinx-build -W --keep-going -n -q -c . -b html -d $(DOCTREES) docs $(SITE)
	@echo "The $(EDITION) edition of the site is ready: $(CURDIR)/$(SITE)/index.html"

# The site on http://127.0.0.1:$(PORT) (this machine only), rebuilt and reloaded in the browser whenever a page,
# a template, the stylesheet or the package changes. Warnings are shown, not fatal: `make site` is the strict build.
PORT ?= 8000
serve: $(STAMP)
	$(BIN)/sphinx-autobuild --host 127.0.0.1 --port $(PORT) -n -c . --watch src/bmckit --re-ignore '__pycache__' -d _build/doctrees docs _build/html

lint: $(STAMP)
	$(BIN)/ruff check src tests conf.py
	$(BIN)/ruff format --check src tests conf.py
	$(BIN)/mypy

# Debian tools the tests read PDFs with (pdftotext, pdftoppm, qpdf); installs only what is missing.
system-packages:
	bash .ci/system-packages

# Two processes (pytest-xdist), each test file whole in one of them so its browser page is opened once; the site builds
# in the background meanwhile, once for both.
PYTEST_PROCESSES := -n 2 --dist loadfile

test: lint system-packages
	$(BIN)/pytest $(PYTEST_PROCESSES)

# The same less the tests marked slow (they build the site or a wheel, or run the notebooks or JupyterLite).
test-fast: lint system-packages
	$(BIN)/pytest $(PYTEST_PROCESSES) -m "not slow"

# Regenerate the template kit's starter canvas from the knowledge base.
templates: $(STAMP)
	$(BIN)/bmckit new --force -o templates/starter.yaml

# Speed, measured (never asserted in tests): writes the table into the README.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python tests/benchmarks/bench.py --readme README.md

clean:
	rm -rf _build build dist .pytest_cache .mypy_cache .ruff_cache
