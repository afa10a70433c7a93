""" "Edit this page" and "View source" links (conf.py, the section on those links).

The repository's address is not known yet, so it is never written into the project: it comes
from HANDBOOK_REPOSITORY_URL at build time. Unset, no page links to a repository; set (here
to an example address, in the test only), every page links to its own source file.

The site without the variable is the session's build (``handbook_build``: conftest builds
it with HANDBOOK_REPOSITORY_URL unset, as a clone's ``make all`` does); the site with it is
built here.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from conftest import NAME, Build, built_once, is_generated, shared_folder, sphinx_build

EXAMPLE = "https://github.com/example-org/example-handbook"


def build_site(out_root: Path, repository: str | None) -> Path:
    for download in (f"pdf/{NAME}.pdf", f"epub/{NAME}.epub"):
        (out_root / download).parent.mkdir(parents=True, exist_ok=True)
        (out_root / download).write_bytes(b"stand-in")  # the site offers them
    saved = os.environ.pop("HANDBOOK_REPOSITORY_URL", None)
    try:
        if repository:
            os.environ["HANDBOOK_REPOSITORY_URL"] = repository
        result = sphinx_build("html", out_root)
    finally:
        os.environ.pop("HANDBOOK_REPOSITORY_URL", None)
        if saved is not None:
            os.environ["HANDBOOK_REPOSITORY_URL"] = saved
    assert result.returncode == 0, result.stderr
    return out_root / "html"


@pytest.fixture(scope="module")
def site_without(handbook_build: Build) -> Path:
    """The session's English site: built with no repository address."""
    return handbook_build.html


@pytest.fixture(scope="session")
def site_with(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once a run, by whichever worker asks first (the others share it)."""
    folder = built_once(
        shared_folder(tmp_path_factory) / "site-with", lambda out: build_site(out, EXAMPLE)
    )
    return folder / "html"


def test_no_repository_no_source_links(site_without: Path) -> None:
    for page in sorted(site_without.glob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert "edit-this-page" not in html, page.name
        assert "view-this-page" not in html, page.name
        assert "/edit/" not in html, page.name


def test_the_theme_gets_the_repository(site_with: Path, site_without: Path) -> None:
    def theme_options(site: Path) -> dict[str, object]:
        # the doctrees of this module's build (``doctrees/html``) or of the session's, one
        # folder a language (``doctrees/en``)
        doctrees = site.parent / "doctrees"
        pickled = doctrees / "html" / "environment.pickle"
        if not pickled.is_file():
            pickled = doctrees / "en" / "environment.pickle"
        with pickled.open("rb") as f:
            env = pickle.load(f)
        options: dict[str, object] = env.config.html_theme_options
        return options

    assert {
        k: v for k, v in theme_options(site_with).items() if k.startswith(("source_", "top_"))
    } == {
        "source_repository": EXAMPLE + "/",
        "source_branch": "main",
        "source_directory": "source/",
        "top_of_page_buttons": ["view", "edit"],
    }
    assert theme_options(site_without)["top_of_page_buttons"] == []
    assert "source_repository" not in theme_options(site_without)


def test_every_page_links_to_its_source_when_the_repository_is_set(site_with: Path) -> None:
    pages = sorted(p for p in site_with.glob("*.html") if not is_generated(p))
    assert pages
    missing = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        stem = page.stem
        for link in (
            f"{EXAMPLE}/edit/main/source/{stem}.md",
            f"{EXAMPLE}/blob/main/source/{stem}.md",
        ):
            if f'href="{link}' not in html:  # the view link may add "?plain=true"
                missing.append(f"{page.name}: {link}")
    assert not missing, "\n".join(missing)
