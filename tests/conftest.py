"""Shared fixtures: the real handbook, built once per test session, and a browser.

Tests inspect what readers get: ``handbook_build`` runs the same ``sphinx-build`` commands
as the Makefile (warnings are errors) into a temporary folder; ``site_url`` serves the HTML
edition on 127.0.0.1; ``browser`` is Debian's Chromium driven by Playwright.

The suite's time (docs/quality-gates.md, "Time"): whatever is costly is made once a run
(``built_once``), not once a module, a PDF's text included (``pdf_texts``); Java starts
quickly (``JAVA``); many builds of one project run from one warm process
(``SphinxForks``); ``make test`` hands the suite the build ``make all`` made
(``HANDBOOK_TEST_BUILD``), which is tested instead of a build of the suite's own when it
was made as the tests expect (``made_by_make``).
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock

pytest_plugins = ("sphinx.testing.fixtures",)

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source"
NAME = "cse-practice-handbook"
#: a fixed date for the builds the tests make, so two builds can be compared byte for byte
SOURCE_DATE_EPOCH = "1795392000"  # 2026-11-23T00:00:00Z
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: Java for the checkers (epubcheck, the Nu HTML Checker), tuned for short runs: the quick
#: compiler only (a run is over before the optimising one pays back; this halves their CPU
#: time) and the serial collector; a deep stack, which the Nu checker's schema needs
JAVA = ["java", "-Xss16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Test roots for ``sphinx.testing`` (``@pytest.mark.sphinx(testroot=...)``)."""
    return ROOT / "tests" / "roots"


#: the translations the handbook is published in, besides English
TRANSLATIONS = ("cy",)

#: the options every build of the handbook is made with (the Makefile's SPHINXOPTS)
BUILD_OPTIONS = ["-W", "--keep-going", "-n", "-q"]
#: the variable ``make test`` sets to the build ``make all`` made (its BUILDDIR)
MADE_BY_MAKE = "HANDBOOK_TEST_BUILD"


@dataclass(frozen=True)
class MadeByMake:
    """What ``make test`` says of the build to test: where it is and the date it carries,
    or why it cannot be used (the suite then builds the handbook itself)."""

    root: Path | None
    source_date_epoch: str
    why_not: str = ""


def made_by_make(environ: Mapping[str, str] = os.environ) -> MadeByMake:
    """The build ``make all`` made, if ``make test`` named it and it was made as the tests
    expect: every language's three editions, finished (each language's build leaves a
    record, ``built-<language>.json``, only when all three are done), from nothing (an
    incremental build can keep a removed page's file, and Sphinx's search index differs
    after one: the reproducibility test compares this build with a build from nothing),
    with the Makefile's options and nothing else (no site address, no repository
    address), and a fixed date. ``make test`` depends on ``make all``, so the build is up
    to date with every input make knows of (the pages, the code, the catalogues, the
    installed packages)."""
    folder = environ.get(MADE_BY_MAKE, "").strip()
    if not folder:
        return MadeByMake(None, SOURCE_DATE_EPOCH, f"{MADE_BY_MAKE} is not set")
    root = (ROOT / folder).resolve()
    epochs = set()
    for language in ("en", *TRANSLATIONS):
        path = root / f"built-{language}.json"
        why_not = unusable(path)
        if why_not:
            return MadeByMake(None, SOURCE_DATE_EPOCH, f"{path}: {why_not}")
        epochs.add(json.loads(path.read_text(encoding="utf-8"))["source_date_epoch"])
    if len(epochs) != 1:
        return MadeByMake(None, SOURCE_DATE_EPOCH, f"the languages carry different dates: {epochs}")
    return MadeByMake(root, epochs.pop())


def unusable(record: Path) -> str:
    """Why the build a language's record describes is not the one the tests expect, or ""."""
    if not record.is_file():
        return "missing (no finished build)"
    made = json.loads(record.read_text(encoding="utf-8"))
    if made.get("from_nothing") is not True:
        return "brought up to date, not built anew"
    if made.get("builders") != ["epub", "pdf", "html"] or made.get("options") != BUILD_OPTIONS:
        return f"not built with {BUILD_OPTIONS}"
    if made.get("repository_url"):
        return "built with a repository address"
    if not str(made.get("source_date_epoch", "")).isdigit():
        return "built without SOURCE_DATE_EPOCH"
    return ""


#: the build under test: ``make all``'s when it can be used, else one the suite makes
MADE = made_by_make()
#: the date the build under test carries (SOURCE_DATE_EPOCH): make's (the last commit's),
#: or the suite's fixed one
BUILD_EPOCH = MADE.source_date_epoch


def build_moment() -> dt.datetime:
    """When the build under test says it was made (``BUILD_EPOCH``), in UTC."""
    return dt.datetime.fromtimestamp(int(BUILD_EPOCH), tz=dt.UTC)


def long_date(day: dt.date, language: str) -> str:
    """23 November 2026; 23 Tachwedd 2026 (Babel's month names, as the build's)."""
    from babel.dates import format_date

    return format_date(day, "d MMMM y", locale="en_GB" if language == "en" else language)


def build_day(language: str) -> str:
    """The build's date as the editions write it in ``language``."""
    return long_date(build_moment().date(), language)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Keep what every test shares (the imported modules, the collected tests) out of the
    garbage collector's walks, as ``handbook.gc_freeze`` does for a build: each full
    collection would otherwise walk them all again (about 7% of a worker's time)."""
    gc.collect()
    gc.freeze()


def pytest_report_header() -> str:
    if MADE.root is not None:
        return f"handbook: testing the build make all made in {MADE.root}"
    return f"handbook: the suite builds the handbook itself ({MADE.why_not})"


#: the views of what changed in a page's text (handbook.web.text_changes): changed-<page>.html
TEXT_CHANGES_PREFIX = "changed-"


def is_generated(page: Path) -> bool:
    """A page of the site made without a source page: search, the index of terms, a view of
    what changed in a page's text. The HTML gates (Nu, axe, the policy) check these too."""
    return page.name in {"search.html", "genindex.html"} or page.name.startswith(
        TEXT_CHANGES_PREFIX
    )


@dataclass(frozen=True)
class Build:
    """Where one build of the three editions is, in one language.

    English: ``html/``, ``epub/cse-practice-handbook.epub``, ``pdf/cse-practice-handbook.pdf``.
    Welsh (``language="cy"``): ``html/cy/`` and the files ending ``-cy``, as ``make all``
    lays them out.
    """

    root: Path
    language: str = "en"

    @property
    def suffix(self) -> str:
        return "" if self.language == "en" else f"-{self.language}"

    @property
    def html(self) -> Path:
        return self.root / "html" if self.language == "en" else self.root / "html" / self.language

    @property
    def epub(self) -> Path:
        return self.root / "epub" / f"{NAME}{self.suffix}.epub"

    @property
    def pdf(self) -> Path:
        return self.root / "pdf" / f"{NAME}{self.suffix}.pdf"

    def html_pages(self) -> list[Path]:
        """Every content page of the site (not search, the index of terms or the views of
        what changed in a page's text, which have no source page of their own)."""
        return sorted(p for p in self.html.glob("*.html") if not is_generated(p))


def sphinx_args(
    builder: str, outroot: Path, source: Path = SOURCE, language: str = "en"
) -> list[str]:
    """The Makefile's SPHINX command's arguments for one builder (without the command).

    A translation builds into folders of its own (``epub-cy``...), the site into
    ``html/cy``.
    """
    suffix = "" if language == "en" else f"-{language}"
    outdir = (
        outroot / builder / language
        if builder == "html" and suffix
        else outroot / f"{builder}{suffix}"
    )
    return [
        "-c",
        str(ROOT),
        "-d",
        str(outroot / "doctrees" / f"{builder}{suffix}"),
        *(["-D", f"language={language}"] if suffix else []),
        "-W",
        "--keep-going",
        "-n",
        "-q",
        "-b",
        builder,
        str(source),
        str(outdir),
    ]


def build_env(outroot: Path, epoch: str = SOURCE_DATE_EPOCH) -> dict[str, str]:
    """The environment of a build into ``outroot``: a fixed date, and where the books are."""
    return {**os.environ, "SOURCE_DATE_EPOCH": epoch, "HANDBOOK_BUILDDIR": str(outroot)}


def sphinx_build(
    builder: str, outroot: Path, source: Path = SOURCE, language: str = "en"
) -> subprocess.CompletedProcess[str]:
    """Run one builder as the Makefile's SPHINX command does; return the finished process."""
    cmd = [sys.executable, "-m", "sphinx", *sphinx_args(builder, outroot, source, language)]
    return subprocess.run(
        cmd, cwd=ROOT, env=build_env(outroot), capture_output=True, text=True, check=False
    )


class SphinxForks:
    """Builds into one ``outroot``, one after another, each in a child forked from a process
    that has imported Sphinx and the extensions once (tests/sphinx_forks.py): the same
    builds as ``sphinx_build``'s, without paying the imports each time."""

    def __init__(self, outroot: Path) -> None:
        self.outroot = outroot
        self.server = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "sphinx_forks.py")],
            cwd=ROOT,
            env=build_env(outroot),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def build(
        self, builder: str, source: Path = SOURCE, language: str = "en"
    ) -> subprocess.CompletedProcess[str]:
        args = sphinx_args(builder, self.outroot, source, language)
        out, err = self.outroot / "build.out", self.outroot / "build.err"
        assert self.server.stdin and self.server.stdout
        request = {"args": args, "out": str(out), "err": str(err)}
        self.server.stdin.write(json.dumps(request) + "\n")
        self.server.stdin.flush()
        answer = self.server.stdout.readline()
        if not answer:
            pytest.fail(f"the build server stopped (exit {self.server.wait()})")
        return subprocess.CompletedProcess(
            ["sphinx-build", *args],
            json.loads(answer)["returncode"],
            out.read_text(encoding="utf-8"),
            err.read_text(encoding="utf-8"),
        )

    def close(self) -> None:
        if self.server.stdin:
            self.server.stdin.close()
        self.server.wait(timeout=60)

    def __enter__(self) -> SphinxForks:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _check(result: subprocess.CompletedProcess[str]) -> None:
    if result.returncode != 0:
        pytest.fail(f"sphinx-build failed:\n{' '.join(result.args)}\n{result.stderr}")


def without_repository(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment with no repository address (``HANDBOOK_REPOSITORY_URL``, conf.py):
    the handbook as a clone builds it, with no "Edit this page" links
    (tests/test_source_links.py builds the site with one)."""
    return {k: v for k, v in environ.items() if not k.startswith("HANDBOOK_REPOSITORY_")}


def build_handbook(outroot: Path) -> Build:
    """Everything ``make all`` builds, with the command it runs: each language's three
    editions from one reading (``handbook.editions.build``), the languages side by side,
    warnings as errors, dated as the build under test is (``BUILD_EPOCH``)."""

    def language(lang: str) -> subprocess.CompletedProcess[str]:
        env = without_repository(build_env(outroot, BUILD_EPOCH))
        cmd = [sys.executable, "-m", "handbook.editions.build", str(outroot), lang]
        cmd += ["epub", "pdf", "html", "--", *BUILD_OPTIONS]
        return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for result in pool.map(language, ("en", *TRANSLATIONS)):
            _check(result)
    return Build(outroot)


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every pytest-xdist worker of this run sees (the run's own temporary folder);
    without xdist, the session's."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(folder: Path, make: Callable[[Path], object]) -> Path:
    """``make(folder)`` once for the whole run, whichever worker asks first; the others wait
    for it (a file lock) and share the result. A failed build fails every test that needs
    it, with the build's own message, without being tried again."""
    done, failed = folder.with_suffix(".done"), folder.with_suffix(".failed")
    with FileLock(folder.with_suffix(".lock")):
        if failed.is_file():
            pytest.fail(failed.read_text(encoding="utf-8"))
        if not done.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            try:
                make(folder)
            except BaseException as err:
                failed.write_text(str(err) or repr(err), encoding="utf-8")
                raise
            done.touch()
    return folder


def epub_with_edited_page(
    epub: Path, target: Path, page: str, edit: Callable[[bytes], bytes]
) -> Path:
    """A copy of a built ePub with one page changed: for checks that must be seen to fail."""
    with zipfile.ZipFile(epub) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, edit(data) if info.filename == page else data)
    return target


def spine_of_one_page(page: str) -> Callable[[bytes], bytes]:
    """An edit of ``content.opf`` that leaves only ``page`` in the reading order (the spine):
    for a "the check can fail" test, so that a checker that opens the book page by page
    (Ace) opens the broken page alone. The manifest keeps every file, so the book stays
    whole."""

    def edit(opf: bytes) -> bytes:
        ids = re.findall(
            rb'<item\b[^>]*\bid="([^"]+)"[^>]*\bhref="' + re.escape(page.encode()), opf
        )
        assert len(ids) == 1, f"{page} is not once in the manifest"
        kept = re.sub(
            rb'\s*<itemref\b[^>]*\bidref="(?!' + re.escape(ids[0]) + rb'")[^"]*"[^>]*/>', b"", opf
        )
        assert kept.count(b"<itemref") == 1, "the spine is not one page"
        return kept

    return edit


def epub_of_one_page(epub: Path, target: Path, page: str, edit: Callable[[bytes], bytes]) -> Path:
    """A copy of a built ePub with one page changed and that page alone in the spine."""
    edits = {page: edit, "content.opf": spine_of_one_page(page)}
    with zipfile.ZipFile(epub) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            change = edits.get(info.filename)
            dst.writestr(info, change(data) if change else data)
    return target


#: the folder every worker of this run shares (``shared_folder``), once the session starts
RUN_FOLDER: list[Path] = []


@pytest.fixture(scope="session", autouse=True)
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Make the run's shared folder known to helpers that are not fixtures (``pdf_texts``)."""
    RUN_FOLDER[:] = [shared_folder(tmp_path_factory)]
    return RUN_FOLDER[0]


def extract_pdf_texts(path: str) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


@functools.cache
def _pdf_texts(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    if not RUN_FOLDER:  # outside a test session: nothing to share
        return tuple(extract_pdf_texts(path))

    def keep(folder: Path) -> None:
        pages = json.dumps(extract_pdf_texts(path))
        (folder / "pages.json").write_text(pages, encoding="utf-8")

    key = hashlib.sha256(f"{path}\0{mtime_ns}\0{size}".encode()).hexdigest()[:16]
    folder = built_once(RUN_FOLDER[0] / f"pdf-text-{key}", keep)
    return tuple(json.loads((folder / "pages.json").read_text(encoding="utf-8")))


def pdf_texts(pdf: Path) -> tuple[str, ...]:
    """Each page's text, as pypdf gives it (``page.extract_text()``). A book's text takes
    7 to 8 seconds of CPU to extract (an idle machine, 6 December 2026) and a dozen tests
    in both workers read it, so it is extracted once a run, by whichever worker asks first
    (``built_once``), and kept in memory by each worker (a file is known by its path, time
    and size: one built again is read again)."""
    stat = pdf.stat()
    return _pdf_texts(str(pdf.resolve()), stat.st_mtime_ns, stat.st_size)


@pytest.fixture(scope="session")
def handbook_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the run's build of the handbook goes: English, then Welsh under it. Shared by
    every xdist worker."""
    return shared_folder(tmp_path_factory) / "handbook"


@pytest.fixture(scope="session")
def handbook_build(handbook_root: Path) -> Build:
    """The real handbook as ``make all`` makes it, built once per test run (whichever
    worker needs it first builds it; the others wait and share it): the three English
    editions, and each translation's beside them (the site's ``cy/`` folder, the books
    ending ``-cy``), so that the site's language links lead somewhere. Under ``make
    test``, the build ``make all`` made, where it can be used (``made_by_make``): tests
    only read it."""
    if MADE.root is not None:
        return Build(MADE.root)
    return Build(built_once(handbook_root, build_handbook))


@pytest.fixture(scope="session")
def welsh_build(handbook_build: Build) -> Build:
    """The Welsh editions of the session's build (``html/cy/``, the ``-cy`` books)."""
    return Build(handbook_build.root, "cy")


@pytest.fixture(scope="session", params=["en", *TRANSLATIONS])
def edition_build(request: pytest.FixtureRequest) -> Build:
    """Each language's editions in turn: for the gates every language must pass."""
    english: Build = request.getfixturevalue("handbook_build")
    return english if request.param == "en" else request.getfixturevalue("welsh_build")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(handbook_build: Build) -> Iterator[str]:
    """The HTML edition served on 127.0.0.1 on a free port, stopped at the end."""
    handler = functools.partial(QuietHandler, directory=str(handbook_build.html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium (Debian's) for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
