"""``make new-page`` (scripts/new_page.py): a new page from templates/page.md.

The page it writes must pass the content checks and build cleanly (warnings are errors)
once it is added to a table of contents, in a copy of the handbook; a page left out of
every table of contents must fail the build. Both builds are of one copy, made once a run
(the second build reads again only what changed), and shared by the workers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import io
import json
import re
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from conftest import NAME, ROOT, SOURCE, built_once, shared_folder, sphinx_build
from test_content import misspellings, split_front_matter

from handbook.writing import language

TODAY = dt.date(2026, 8, 31)


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("new_page", ROOT / "scripts" / "new_page.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["new_page"] = module
    spec.loader.exec_module(module)
    return module


new_page = load_script()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the pages (and the changelog that changes.md includes)."""
    shutil.copytree(SOURCE, tmp_path / "source")
    shutil.copy(ROOT / "CHANGELOG.md", tmp_path / "CHANGELOG.md")
    return tmp_path


def run(project: Path, *args: str) -> int:
    argv = ["--source", str(project / "source"), "--today", TODAY.isoformat(), *args]
    result: int = new_page.main(argv)
    return result


def test_slug_and_review_date() -> None:
    assert new_page.slugify("Online safety & apps") == "online-safety-and-apps"
    assert new_page.slugify("  Café: what   next?  ") == "cafe-what-next"
    assert new_page.add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert new_page.add_months(dt.date(2026, 11, 23), 6) == dt.date(2027, 5, 23)


@dataclass(frozen=True)
class Step:
    """What the script printed, and the build of the copy that followed."""

    printed: str
    returncode: int
    stderr: str


def script_then_build(project: Path, out_root: Path, title: str, owner: str) -> Step:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert run(project, "--title", title, "--owner", owner) == 0
    if title == "Online safety":
        # Follow the printed instructions: add the page to the "About" table of contents.
        index = project / "source" / "index.md"
        index.write_text(
            index.read_text(encoding="utf-8").replace(
                "\nto-be-confirmed\n", "\nto-be-confirmed\nonline-safety\n"
            ),
            encoding="utf-8",
        )
    result = sphinx_build("html", out_root, source=project / "source")
    return Step(printed.getvalue(), result.returncode, result.stderr)


def make_builds(folder: Path) -> None:
    """A copy of the handbook; a page from the script added to a table of contents as the
    script says, and the copy built (warnings are errors); then a second page from the
    script left out of every table of contents, and the copy built again (Sphinx reads
    again only what changed, as on a contributor's machine). Each step saved as JSON."""
    project = folder / "project"
    shutil.copytree(SOURCE, project / "source")
    shutil.copy(ROOT / "CHANGELOG.md", project / "CHANGELOG.md")
    out_root = folder / "build"
    # The site offers the ePub and PDF; stand-ins are enough to build the HTML.
    for download in (f"pdf/{NAME}.pdf", f"epub/{NAME}.epub"):
        (out_root / download).parent.mkdir(parents=True)
        (out_root / download).write_bytes(b"stand-in")
    for name, title, owner in (
        ("in-toc", "Online safety", "CSE handbook editorial team"),
        ("orphan", "Orphan page", "Test team"),
    ):
        step = script_then_build(project, out_root, title, owner)
        (folder / f"{name}.json").write_text(json.dumps(asdict(step)), encoding="utf-8")


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make_builds``, once a run (whichever worker asks first; the others share it)."""
    return built_once(shared_folder(tmp_path_factory) / "new-page", make_builds)


def step(builds: Path, name: str) -> Step:
    return Step(**json.loads((builds / f"{name}.json").read_text(encoding="utf-8")))


def test_new_page_builds_cleanly_in_the_table_of_contents(builds: Path) -> None:
    project = builds / "project"
    made = step(builds, "in-toc")
    out = made.printed
    page = project / "source" / "online-safety.md"
    assert f"Wrote {page}." in out
    assert "\n    online-safety\n" in out
    assert '"About"' in out and "index.md" in out

    text = page.read_text(encoding="utf-8")
    raw, body = split_front_matter(text)
    assert yaml.safe_load(raw or "") == {
        "owner": "CSE handbook editorial team",
        "last_reviewed": TODAY,
        "review_due": dt.date(2027, 2, 28),
        "guidance_checked": TODAY,
    }
    assert body.lstrip().startswith("# Online safety\n")
    assert misspellings(text, "online-safety.md") == []
    phrases = language.load_phrases(SOURCE / "_data" / "language.yaml")
    assert language.check_text(text, phrases) == []

    assert "\nonline-safety\n" in (project / "source" / "index.md").read_text(encoding="utf-8")
    assert made.returncode == 0, made.stderr
    assert "WARNING" not in made.stderr, made.stderr
    html = (builds / "build" / "html" / "online-safety.html").read_text(encoding="utf-8")
    assert re.search(r"<h1>Online safety", html)
    assert "to be confirmed" in html  # the unfinished page is listed as such


def test_a_page_outside_every_table_of_contents_fails_the_build(builds: Path) -> None:
    """Why the script says where to add the page."""
    orphan = step(builds, "orphan")
    assert (builds / "project" / "source" / "orphan-page.md").is_file()
    assert orphan.returncode != 0
    assert "orphan-page.md: WARNING: document isn't included in any toctree" in orphan.stderr


def test_it_never_overwrites_a_page(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = project / "source" / "what-is-cse.md"
    before = existing.read_text(encoding="utf-8")
    assert run(project, "--title", "What is CSE", "--owner", "Test team") == 1
    assert existing.read_text(encoding="utf-8") == before
    assert "already exists; not overwriting it" in capsys.readouterr().err


def test_it_asks_for_a_title_and_an_owner(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Working with schools\nSafeguarding trainers\n"))
    assert run(project) == 0
    text = (project / "source" / "working-with-schools.md").read_text(encoding="utf-8")
    assert "owner: Safeguarding trainers\n" in text
    assert "# Working with schools\n" in text
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert run(project) == 2
    assert "give the page's title" in capsys.readouterr().err


def test_an_owner_that_would_break_the_front_matter_is_refused(project: Path) -> None:
    assert run(project, "--title", "A page", "--owner", "Team: leads") == 2
    assert not (project / "source" / "a-page.md").exists()


def test_make_new_page_takes_title_and_owner(project: Path) -> None:
    """The Makefile target, non-interactive, into the copy (SOURCEDIR=...)."""
    result = subprocess.run(
        [
            "make",
            "-s",
            "-o",
            ".venv/.synced",
            "new-page",
            f"SOURCEDIR={project / 'source'}",
            "TITLE=Online grooming",
            'OWNER=CSE handbook "editorial" team',
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = (project / "source" / "online-grooming.md").read_text(encoding="utf-8")
    assert 'owner: CSE handbook "editorial" team\n' in text
    assert "add this line" in result.stdout
