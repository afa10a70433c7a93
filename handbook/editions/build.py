"""Build one language's editions in one process, from one reading of the source.

``make all`` used to run one ``sphinx-build`` per edition and language, each starting
Python, importing Sphinx and the extensions and reading every page again. Here the editions
of one language share their doctrees (nothing a page reads depends on the builder: what
differs is resolved when each edition is written) and their process, so start-up and
reading are paid once a language. The Makefile runs the languages side by side.

    python -m handbook.editions.build BUILDDIR LANGUAGE BUILDER... [-- SPHINX-OPTIONS...]

``LANGUAGE`` is ``en`` (the source language, ``conf.py``'s own) or a translation (``cy``).
Outputs are where the Makefile has always put them: ``BUILDDIR/<builder>/`` in English;
``BUILDDIR/html/<language>/`` and ``BUILDDIR/<builder>-<language>/`` in a translation, its
ePub and PDF then copied beside the English ones (the translated site offers them).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from sphinx.cmd.build import build_main

SOURCE = "source"
NAME = "cse-practice-handbook"
POSTER = "seven-minute-briefing-poster"
#: the record of a concern's PDF form; a translation's name ends in its language already
FORM = "record-of-a-concern-form"
SOURCE_LANGUAGE = "en"


def outdir(builddir: Path, language: str, builder: str) -> Path:
    if language == SOURCE_LANGUAGE:
        return builddir / builder
    if builder == "html":
        return builddir / "html" / language
    return builddir / f"{builder}-{language}"


def doctrees(builddir: Path, language: str) -> Path:
    """One folder of doctrees a language, shared by its editions (never by two languages:
    they run side by side)."""
    return builddir / "doctrees" / language


def sphinx_args(builddir: Path, language: str, builder: str, options: list[str]) -> list[str]:
    args = ["-c", ".", "-d", str(doctrees(builddir, language))]
    if language != SOURCE_LANGUAGE:
        args += ["-D", f"language={language}"]
    return [*args, *options, "-b", builder, SOURCE, str(outdir(builddir, language, builder))]


def place(builddir: Path, language: str, builder: str) -> None:
    """Put a translation's books beside the English ones, and each site's poster and record
    of a concern form beside the PDF (the site offers them; the folders are the Makefile's)."""
    suffix = "" if language == SOURCE_LANGUAGE else f"-{language}"
    out = outdir(builddir, language, builder)
    if builder in ("epub", "pdf") and suffix:
        (builddir / builder).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(
            out / f"{NAME}{suffix}.{builder}", builddir / builder / f"{NAME}{suffix}.{builder}"
        )
    if builder == "html":
        (builddir / "pdf").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(
            out / "_downloads" / f"{POSTER}.pdf", builddir / "pdf" / f"{POSTER}{suffix}.pdf"
        )
        form = f"{FORM}{suffix}.pdf"
        shutil.copyfile(out / "_downloads" / form, builddir / "pdf" / form)


def record_path(builddir: Path, language: str) -> Path:
    """Where a language's finished build says how it was made (:func:`record`)."""
    return builddir / f"built-{language}.json"


def made_before(builddir: Path, language: str, builders: list[str]) -> bool:
    """Whether anything of an earlier build of the language is there: its doctrees or one
    of its editions (an incremental build can differ from a build from nothing: Sphinx
    leaves a removed page's file in place, for one)."""
    folders = [doctrees(builddir, language)]
    folders += [outdir(builddir, language, builder) for builder in builders]
    return any(folder.is_dir() and any(folder.glob("*.*")) for folder in folders)


def record(
    builddir: Path, language: str, builders: list[str], options: list[str], from_nothing: bool
) -> None:
    """Say how the language's editions were built, once all of them are: from nothing or
    over an earlier build, the date they carry, the options and the repository address.
    ``make test`` tests this build rather than making its own when these are what the
    tests expect (tests/conftest.py); a build that failed leaves no record."""
    made = {
        "from_nothing": from_nothing,
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
        "builders": builders,
        "options": options,
        "repository_url": os.environ.get("HANDBOOK_REPOSITORY_URL", "").strip(),
    }
    record_path(builddir, language).write_text(json.dumps(made, indent=1) + "\n", "utf-8")


def main(argv: list[str]) -> int:
    if "--" in argv:
        split = argv.index("--")
        argv, options = argv[:split], argv[split + 1 :]
    else:
        options = []
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    builddir, language, builders = Path(argv[0]), argv[1], argv[2:]
    os.environ.setdefault("HANDBOOK_BUILDDIR", str(builddir))
    record_path(builddir, language).unlink(missing_ok=True)
    from_nothing = not made_before(builddir, language, builders)
    for builder in builders:
        status = build_main(sphinx_args(builddir, language, builder, options))
        if status:
            return status
        place(builddir, language, builder)
    record(builddir, language, builders, options, from_nothing)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
