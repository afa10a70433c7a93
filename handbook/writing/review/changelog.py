"""The "What has changed" page, drawn from ``CHANGELOG.md``.

One amendments log serves contributors (the file) and readers (the page), so the two
cannot disagree. ``:::{changelog} ../CHANGELOG.md`` (path relative to the page) renders
every ``## <version> - <YYYY-MM-DD>`` entry of the file, newest date first, with its
headings, lists and links parsed as MyST. An entry without a date is an error naming the
file and line, except one called "Unreleased", which goes first. Editing the file
rebuilds the page.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Final

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

ENTRY: Final = re.compile(r"^##\s+(?P<label>\S.*?)\s*#*\s*$")
DATE: Final = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
FENCE: Final = re.compile(r"^\s*(```|~~~|:::)")
LINK_DEFINITION: Final = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")


@dataclasses.dataclass(frozen=True)
class Entry:
    """One ``##`` entry: its heading, date (ISO text, or "" if unreleased) and lines."""

    label: str
    date: str
    line: int  # 0-based line of the heading in the file
    text: str


def parse_changelog(text: str, source: str) -> tuple[list[Entry], list[tuple[int, str]]]:
    """Split the file into entries sorted newest first; also return (line, problem) pairs."""
    lines = text.splitlines()
    entries: list[Entry] = []
    problems: list[tuple[int, str]] = []
    definitions = [line for line in lines if LINK_DEFINITION.match(line)]
    start: int | None = None
    fenced = False

    def close(end: int) -> None:
        if start is None:
            return
        body = [line for line in lines[start:end] if not LINK_DEFINITION.match(line)]
        label = ENTRY.match(lines[start]).group("label")  # type: ignore[union-attr]
        found = DATE.search(label)
        if found:
            date = found.group(1)
        elif "unreleased" in label.lower():
            date = ""
        else:
            problems.append(
                (start + 1, f"changelog entry {label!r} has no ISO date (## version - YYYY-MM-DD)")
            )
            return
        entries.append(Entry(label, date, start, "\n".join([*body, "", *definitions])))

    for number, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
        if not fenced and ENTRY.match(line):
            close(number)
            start = number
    close(len(lines))
    if not entries and not problems:
        problems.append((1, f"no '## version - YYYY-MM-DD' entry found in {source}"))
    # unreleased first, then newest date first; equal dates keep the file's order
    ordered = sorted(entries, key=lambda e: e.date or "9999-99-99", reverse=True)
    return ordered, problems


class ChangelogDirective(SphinxDirective):
    """Render ``CHANGELOG.md`` newest first, with real headings (needs MyST)."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        renderer = getattr(self.state, "_renderer", None)
        if renderer is None:
            raise self.error("the changelog directive works only in MyST Markdown pages")
        _, filename = self.env.relfn2path(self.arguments[0], self.env.docname)
        path = Path(filename)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise self.error(f"cannot read the changelog {path}: {err}") from err
        self.env.note_dependency(str(path))
        entries, problems = parse_changelog(text, str(path))
        for line, message in problems:
            logger.error(message, location=f"{path}:{line}", type="handbook", subtype="changelog")
        document = renderer.document
        reporter = renderer.reporter
        source, rsource = document["source"], reporter.source
        line_func = getattr(reporter, "get_source_and_line", None)
        # as MyST's own include does: report problems at the changelog's lines
        try:
            document["source"] = str(path)
            reporter.source = str(path)
            reporter.get_source_and_line = lambda li: (str(path), li)
            for entry in entries:
                renderer.nested_render_text(entry.text, entry.line)
        finally:
            document["source"] = source
            reporter.source = rsource
            if line_func is not None:
                reporter.get_source_and_line = line_func
        return []


def setup(app: Sphinx) -> None:
    """Register the directive."""
    app.add_directive("changelog", ChangelogDirective)
