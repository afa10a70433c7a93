"""Build the handbook (as the Makefile does) and the stock baseline, and time the builds.

Everything happens in a snapshot of the working tree (``_build/bench/tree``), so that a
page can be touched for the incremental rebuild without touching anyone's checkout, and
so that other people's edits during a run cannot change what is measured.
"""

from __future__ import annotations

import os
import resource
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "cse-practice-handbook"
STOCK_CONF = Path(__file__).resolve().parent / "stock"
#: the page edited for the incremental rebuild: an ordinary content page
EDITED_PAGE = "what-is-cse.md"
#: the doctrees `make` keeps for the English editions (handbook/editions/build.py)
MAKE_DOCTREES = "en"
#: left as links in the snapshot: big, and read-only for the build
LINKED = (".venv", "node_modules", ".tools", ".git")
NOT_COPIED = {".git", "_build", ".mypy_cache", ".ruff_cache", ".pytest_cache", *LINKED}


class BuildFailed(RuntimeError):
    pass


def source_date_epoch() -> str:
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    done = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or "1763856000"


def snapshot(target: Path) -> Path:
    """Copy the working tree (as it is now, with mtimes) to ``target``; link the tools."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for entry in ROOT.iterdir():
        if entry.name in NOT_COPIED:
            continue
        dest = target / entry.name
        if entry.is_dir():
            shutil.copytree(
                entry, dest, symlinks=True, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(entry, dest)
    for name in LINKED:
        if (ROOT / name).exists():
            (target / name).symlink_to(ROOT / name)
    # Python's bytecode for the project and for stock's stand-ins, as `make` compiles it and
    # as Python keeps it on a writer's machine: left out of the copy, every build would
    # compile the project from source (where PYTHONDONTWRITEBYTECODE is set)
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "-m",
            "compileall",
            "-q",
            "handbook",
            str(STOCK_CONF),
        ],
        cwd=target,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return target


@dataclass
class Timed:
    seconds: float  # wall clock
    ok: bool
    output: str
    cpu: float = 0.0  # user + system time of the processes, less sensitive to a busy machine


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Timed:
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(
        cmd, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    # the whole output: the test suite's durations are read from it (a tail would cut them)
    output = done.stdout + done.stderr
    return Timed(elapsed, done.returncode == 0, output, _children_cpu() - cpu)


def tail(output: str, size: int = 20000) -> str:
    """The end of a failed build's output, for the error message."""
    return output[-size:]


class Project:
    """The handbook, built exactly as the Makefile builds it."""

    def __init__(self, tree: Path, out: Path) -> None:
        self.tree, self.out = tree, out
        self.env = {"SOURCE_DATE_EPOCH": source_date_epoch(), "HANDBOOK_BUILDDIR": str(out)}

    def sphinx(self, builder: str, doctrees: str | None = None) -> Timed:
        """One edition, as the Makefile's command line builds it; ``doctrees``: the folder
        under ``doctrees/`` (default: the builder's own, for a build from nothing)."""
        cmd = [
            str(self.tree / ".venv" / "bin" / "sphinx-build"),
            "-c",
            ".",
            "-d",
            str(self.out / "doctrees" / (doctrees or builder)),
            "-W",
            "--keep-going",
            "-n",
            "-q",
            "-b",
            builder,
            "source",
            str(self.out / builder),
        ]
        timed = run_timed(cmd, self.tree, self.env)
        if not timed.ok:
            raise BuildFailed(f"project {builder} build failed:\n{tail(timed.output)}")
        return timed

    def sphinx_translation(self, builder: str, language: str = "cy") -> Timed:
        """A fresh build of one edition in a translation, laid out as the Makefile does:
        the site in ``html/<language>/``, the books in ``<builder>-<language>/`` and then
        beside the English ones (the Welsh site offers them)."""
        outdir = (
            self.out / "html" / language
            if builder == "html"
            else self.out / f"{builder}-{language}"
        )
        doctrees = self.out / "doctrees" / f"{builder}-{language}"
        for folder in (outdir, doctrees):
            shutil.rmtree(folder, ignore_errors=True)
        cmd = [
            str(self.tree / ".venv" / "bin" / "sphinx-build"),
            "-c",
            ".",
            "-d",
            str(doctrees),
            "-D",
            f"language={language}",
            "-W",
            "--keep-going",
            "-n",
            "-q",
            "-b",
            builder,
            "source",
            str(outdir),
        ]
        timed = run_timed(cmd, self.tree, self.env)
        if not timed.ok:
            raise BuildFailed(
                f"project {builder} build in {language} failed:\n{tail(timed.output)}"
            )
        if builder in ("epub", "pdf"):
            book = outdir / f"{NAME}-{language}.{builder}"
            (self.out / builder).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(book, self.out / builder / book.name)
        return timed

    def build_uncut(self, target: Path) -> Path:
        """The site without handbook.web.assets' cuts (``handbook_assets_builders`` emptied),
        beside this build's ePub and PDF: for the report's before/after figures."""
        shutil.rmtree(target, ignore_errors=True)
        cmd = [
            str(self.tree / ".venv" / "bin" / "sphinx-build"),
            "-c",
            ".",
            "-d",
            str(target / "doctrees"),
            "-W",
            "--keep-going",
            "-n",
            "-q",
            "-D",
            "handbook_assets_builders=",
            "-b",
            "html",
            "source",
            str(target / "html"),
        ]
        timed = run_timed(cmd, self.tree, self.env)
        if not timed.ok:
            raise BuildFailed(f"project html build without the cuts failed:\n{tail(timed.output)}")
        return target / "html"

    def build_published(self, target: Path, address: str) -> Path:
        """``make all`` with the site's address (``BASEURL``), as a site is published: its
        language alternates, canonical links and feed are then absolute. For Lighthouse,
        served at that address."""
        shutil.rmtree(target, ignore_errors=True)
        cmd = ["make", "--no-print-directory", "all", f"BUILDDIR={target}", f"BASEURL={address}"]
        timed = run_timed(cmd, self.tree, {"SOURCE_DATE_EPOCH": self.env["SOURCE_DATE_EPOCH"]})
        if not timed.ok:
            raise BuildFailed(f"make all BASEURL={address} failed:\n{tail(timed.output)}")
        return target / "html"

    def clean(self, builder: str | None = None) -> None:
        if builder is None:
            shutil.rmtree(self.out, ignore_errors=True)
            return
        shutil.rmtree(self.out / builder, ignore_errors=True)
        shutil.rmtree(self.out / "doctrees" / builder, ignore_errors=True)

    def make_all(self, target: str = "all", profile: Path | None = None) -> Timed:
        """``make all`` (or ``make html``: the English editions alone), wall clock of the
        whole make run; with ``profile``, each build writes its profile there."""
        env = {"SOURCE_DATE_EPOCH": self.env["SOURCE_DATE_EPOCH"]}
        if profile is not None:
            env["HANDBOOK_PROFILE"] = str(profile)
        timed = run_timed(
            ["make", "--no-print-directory", target, f"BUILDDIR={self.out}"], self.tree, env
        )
        if not timed.ok:
            raise BuildFailed(f"make {target} failed:\n{tail(timed.output)}")
        return timed

    def edit_page(self) -> None:
        page = self.tree / "source" / EDITED_PAGE
        page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    @property
    def html(self) -> Path:
        return self.out / "html"

    @property
    def epub_file(self) -> Path:
        return self.out / "epub" / f"{NAME}.epub"

    @property
    def pdf_file(self) -> Path:
        return self.out / "pdf" / f"{NAME}.pdf"


class Stock(Project):
    """The same pages with plain Sphinx + furo + sphinx-design (bench/stock/conf.py).

    HTML and ePub are Sphinx's own ``html`` and ``epub`` builders. Stock Sphinx has no PDF
    without LaTeX (not installed, and it cannot tag a PDF), so the stock PDF is Sphinx's
    ``singlehtml`` page, with Sphinx's default theme (alabaster: furo's screen layout prints
    as one page), printed by WeasyPrint with its defaults; its time is the sum.
    Warnings are not errors here: the stand-ins are not the real thing.
    """

    def sphinx(self, builder: str, doctrees: str | None = None) -> Timed:
        build, *printing = self.commands(builder)
        timed = run_timed(build, self.tree, self.env)
        for cmd in printing:  # the stock PDF: WeasyPrint prints the single page
            if not timed.ok:
                break
            printed = run_timed(cmd, self.tree)
            timed = Timed(
                timed.seconds + printed.seconds,
                printed.ok,
                timed.output + printed.output,
                timed.cpu + printed.cpu,
            )
        if not timed.ok:
            raise BuildFailed(f"stock {builder} build failed:\n{tail(timed.output)}")
        return timed

    def commands(self, builder: str) -> list[list[str]]:
        real = "singlehtml" if builder == "pdf" else builder
        cmds = [
            [
                str(self.tree / ".venv" / "bin" / "sphinx-build"),
                "-c",
                str(STOCK_CONF),
                "-d",
                str(self.out / "doctrees" / builder),
                "-q",
                *(["-D", "html_theme=alabaster"] if builder == "pdf" else []),
                "-b",
                real,
                "source",
                str(self.out / builder),
            ]
        ]
        if builder == "pdf":
            script = "import sys, weasyprint; weasyprint.HTML(sys.argv[1]).write_pdf(sys.argv[2])"
            html = str(self.out / "pdf" / "index.html")
            cmds.append([sys.executable, "-c", script, html, str(self.pdf_file)])
        return cmds

    def make_all(self, target: str = "all", profile: Path | None = None) -> Timed:
        """No Makefile: stock's three English editions one after the other in one shell,
        timed as one wall-clock run like the handbook's ``make`` (start-ups included)."""
        self.clean()
        script = " && ".join(
            shlex.join(cmd) for builder in ("epub", "pdf", "html") for cmd in self.commands(builder)
        )
        timed = run_timed(["bash", "-c", script], self.tree, self.env)
        if not timed.ok:
            raise BuildFailed(f"stock make all failed:\n{tail(timed.output)}")
        return timed

    @property
    def epub_file(self) -> Path:
        found = sorted((self.out / "epub").glob("*.epub"))
        return found[0] if found else self.out / "epub" / "missing.epub"

    @property
    def pdf_file(self) -> Path:
        return self.out / "pdf" / "stock.pdf"
