"""Faults in a page's source that Sphinx and MyST let through with a green build.

MyST follows CommonMark: a code fence, a ``:::`` directive fence or an HTML comment that is
never closed runs to the end of the page, and everything after it silently becomes code,
directive body or a comment, so a reader would miss it and the build would stay green. A
page with no heading at all has no title: Sphinx only warns on the table of contents that
links to it, not on the page. This extension warns, with the page and the line, on:

- a backtick or tilde fence (```` ``` ````, ``~~~``) with no closing fence;
- a colon fence (``:::{directive}``) with no closing fence, at any depth of nesting;
- an HTML comment (``<!--``) with no ``-->``;
- a page with no title (no section at the top of the page).

Warnings are errors in every build (``-W``), so each of these fails it.
tests/test_bad_input.py puts each fault into a copy of the source and checks the message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

__version__: Final = "1.0.0"

logger = logging.getLogger(__name__)

#: directives whose body is not Markdown: fences inside them are text, not fences
LITERAL_DIRECTIVES: Final = frozenset(
    {"code", "code-block", "sourcecode", "code-cell", "graphviz", "math", "raw", "mermaid"}
)
TICK_OPEN_RE: Final = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
COLON_OPEN_RE: Final = re.compile(r"^\s*(:{3,})\s*(\S.*)?$")
DIRECTIVE_RE: Final = re.compile(r"^\{([\w:.-]+)\}")
COMMENT_OPEN: Final = "<!--"
COMMENT_CLOSE: Final = "-->"
LOST: Final = "everything after it is lost from the page; close it"


def front_matter_end(lines: list[str]) -> int:
    """Index of the first line after the front matter (0 when there is none)."""
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                return i + 1
    return 0


def _closer(lines: list[str], start: int, end: int, char: str, length: int) -> int | None:
    """Index of the line closing a fence of ``length`` ``char``s, searching [start, end)."""
    pattern = re.compile(rf"^\s*{re.escape(char)}{{{length},}}\s*$")
    for i in range(start, end):
        if pattern.match(lines[i]):
            return i
    return None


def unclosed(lines: list[str], start: int, end: int) -> Iterator[tuple[int, str]]:
    """(index, problem) for each fence or comment in lines[start:end] never closed there."""
    i = start
    while i < end:
        line = lines[i]
        tick = TICK_OPEN_RE.match(line)
        if tick and not (tick.group(1)[0] == "`" and "`" in tick.group(2)):
            marker = tick.group(1)
            close = _closer(lines, i + 1, end, marker[0], len(marker))
            if close is None:
                yield i, f"the fence {marker}{tick.group(2).strip()} is never closed: {LOST}"
                return
            directive = DIRECTIVE_RE.match(tick.group(2).strip())
            if directive and directive.group(1) not in LITERAL_DIRECTIVES:
                yield from unclosed(lines, i + 1, close)
            i = close + 1
            continue
        colon = COLON_OPEN_RE.match(line)
        if colon and colon.group(2):
            marker = colon.group(1)
            close = _closer(lines, i + 1, end, ":", len(marker))
            if close is None:
                yield i, f"the fence {marker}{colon.group(2).strip()} is never closed: {LOST}"
                return
            directive = DIRECTIVE_RE.match(colon.group(2).strip())
            if not (directive and directive.group(1) in LITERAL_DIRECTIVES):
                inner = list(unclosed(lines, i + 1, close))
                if any(COLON_OPEN_RE.match(lines[j]) for j, _ in inner):
                    # ':::{a}' left open takes the ':::' meant for a fence further down
                    yield (
                        i,
                        (
                            f"the fence {marker}{colon.group(2).strip()} is closed only by the "
                            f"{lines[close].strip()} on line {close + 1}, which closes a fence "
                            "inside it, so part of the page is lost: close this fence"
                        ),
                    )
                yield from inner
            i = close + 1
            continue
        at = line.find(COMMENT_OPEN)
        if at != -1 and line.lstrip().startswith(COMMENT_OPEN):
            if COMMENT_CLOSE in line[at + len(COMMENT_OPEN) :]:
                i += 1
                continue
            for j in range(i + 1, end):
                if COMMENT_CLOSE in lines[j]:
                    i = j + 1
                    break
            else:
                yield i, f"the HTML comment <!-- is never closed with -->: {LOST}"
                return
            continue
        i += 1


def problems(text: str) -> list[tuple[int, str]]:
    """(line number, problem) for a page's source text."""
    lines = text.splitlines()
    begin = front_matter_end(lines)
    return [(i + 1, problem) for i, problem in unclosed(lines, begin, len(lines))]


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    for line, problem in problems(source[0]):
        logger.warning(
            "%s",
            problem,
            location=(docname, line),
            type="handbook",
            subtype="lint",
        )


def check_title(app: Sphinx, doctree: nodes.document) -> None:
    if any(isinstance(child, nodes.section) for child in doctree.children):
        return
    logger.warning(
        "the page has no title: start it with a '#' heading",
        location=app.env.docname,
        type="handbook",
        subtype="lint",
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("source-read", check_source)
    app.connect("doctree-read", check_title)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
