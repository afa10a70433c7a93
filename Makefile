# The CSE practice handbook: one source, three editions.
# `make all` builds the HTML site, the ePub and the PDF; `make test` runs the tests.
# Both set themselves up: system packages (scripts/setup-system), a .venv from uv.lock.

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
SPHINX       = $(SPHINXBUILD) -c . -d $(BUILDDIR)/doctrees/$(1) $(SPHINXOPTS) -b $(1) $(SOURCEDIR) $(2)
# Reproducible builds: dates come from the last commit unless given.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1763856000)
export SOURCE_DATE_EPOCH
export HANDBOOK_BUILDDIR := $(BUILDDIR)
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
export PUPPETEER_SKIP_DOWNLOAD := 1

SOURCES      := conf.py $(shell find $(SOURCEDIR) handbook _static _templates -type f 2>/dev/null) CHANGELOG.md
EPUB         := $(BUILDDIR)/epub/$(NAME).epub
PDF          := $(BUILDDIR)/pdf/$(NAME).pdf

.DEFAULT_GOAL := help
.PHONY: help all html epub pdf test clean setup setup-build setup-test

help: ## Show this help
	@echo "CSE practice handbook. Targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-14s %s\n", $$1, $$2}'
	@echo "Outputs: $(BUILDDIR)/html/, $(EPUB), $(PDF)"

all: html ## Build all three editions: HTML site, ePub and PDF

html: $(BUILDDIR)/html/index.html ## Build the HTML site into _build/html/ (builds the ePub and PDF first: the site offers them)

epub: $(EPUB) ## Build the ePub 3 book into _build/epub/

pdf: $(PDF) ## Build the tagged A4 PDF into _build/pdf/

$(BUILDDIR)/html/index.html: $(SOURCES) $(EPUB) $(PDF) | setup-build
	$(call SPHINX,html,$(BUILDDIR)/html)

$(EPUB): $(SOURCES) | setup-build
	$(call SPHINX,epub,$(BUILDDIR)/epub)

$(PDF): $(SOURCES) | setup-build
	$(call SPHINX,pdf,$(BUILDDIR)/pdf)

test: setup-test ## Run every test (builds the editions itself)
	$(PY) -m pytest $(PYTEST_ARGS)

clean: ## Remove every build output
	rm -rf $(BUILDDIR)

setup: setup-test ## Install everything the build and the tests need

setup-build: $(VENV)/.synced
	@scripts/setup-system build

setup-test: $(VENV)/.synced node_modules/.installed
	@scripts/setup-system test

$(VENV)/.synced: uv.lock pyproject.toml
	@scripts/setup-system python
	@test -x $(UV) || { python3 -m venv .tools/uv && .tools/uv/bin/pip install -q uv==$(UV_VERSION); }
	$(UV) sync --frozen --python python3 --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	@scripts/setup-system node
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@
