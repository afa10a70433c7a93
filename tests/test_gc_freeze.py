"""Sphinx kept out of the garbage collector's walks (handbook.gc_freeze)."""

from __future__ import annotations

import gc
import shutil
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).parent / "roots" / "test-gc-freeze"


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Start with nothing frozen, whatever ran before in this worker; at the end, freeze
    what is left, as the worker had it (``pytest_collection_finish`` in conftest.py)."""
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def built(tmp_path: Path, name: str, **overrides: Any) -> SphinxTestApp:
    """Build the small root in a copy of its own (a second build must not share the first's)."""
    srcdir = tmp_path / name
    shutil.copytree(ROOT, srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, confoverrides=overrides)
    app.build()
    app.cleanup()
    return app


def test_a_build_freezes_what_it_has_set_up(tmp_path: Path, unfrozen: None) -> None:
    assert gc.get_freeze_count() == 0
    app = built(tmp_path, "one")
    # Sphinx, its extensions and its configuration: tens of thousands of objects at least
    assert gc.get_freeze_count() > 10_000
    assert (app.outdir / "index.html").is_file()


def test_a_second_build_frees_the_first(tmp_path: Path, unfrozen: None) -> None:
    first = weakref.ref(built(tmp_path, "one"))
    # the first build holds cycles (the application, its builder, its environment): frozen,
    # they would be kept for good; the second build must unfreeze and collect them
    built(tmp_path, "two")
    assert first() is None


def test_it_can_be_turned_off(tmp_path: Path, unfrozen: None) -> None:
    built(tmp_path, "one", handbook_gc_freeze=False)
    assert gc.get_freeze_count() == 0
