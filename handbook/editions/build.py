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
    for builder in builders:
        status = build_main(sphinx_args(builddir, language, builder, options))
        if status:
            return status
        place(builddir, language, builder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
