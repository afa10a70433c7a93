"""Write again, in every edition, a page that an earlier edition read again.

``handbook.editions.build`` builds a language's editions one after another in one process,
sharing one reading of the pages (one folder of doctrees). The first edition reads again
the pages whose inputs changed and saves them; the next edition then finds nothing to read.
Sphinx's HTML writers choose what to write from what they read and from the page's own
source file being newer than its output, so a page that changed only through a file it
depends on (``CHANGELOG.md`` for "What has changed", a data file, a Welsh catalogue) was
written again in the ePub and the PDF but not on the website.

Here every page read again in a reading of the source (one source folder and one folder of
doctrees) is remembered for the rest of the process, and each later edition writes it
again (``env-updated`` may name pages to write).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

#: the pages read again in this process, by (source folder, doctrees folder)
READ_AGAIN: dict[tuple[str, str], set[str]] = {}


def reading(env: BuildEnvironment) -> tuple[str, str]:
    return (str(env.srcdir), str(env.doctreedir))


def remember(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Keep the names of the pages this edition is about to read again."""
    READ_AGAIN.setdefault(reading(env), set()).update(docnames)


def write_again(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """Every page an edition of this reading has read again and that still exists."""
    return sorted(READ_AGAIN.get(reading(env), set()) & set(env.found_docs))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-before-read-docs", remember)
    app.connect("env-updated", write_again)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
