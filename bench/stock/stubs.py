"""Plain stand-ins for the handbook's own roles and directives, for the stock baseline.

The stock build must parse the same pages without the project's extensions. At
``builder-inited`` this scans ``source/*.md`` for every ``{name}`` used as a directive
(after a fence of backticks or colons) or a role (before a backtick) and registers a
stand-in for each one that Sphinx, myst-parser and sphinx-design do not know:

- a directive becomes a plain ``container`` with its argument as a ``rubric`` and its
  content parsed as Markdown (so nested directives and cross-references still work);
- a role becomes its text, as an ``inline``.

Known names (``toctree``, ``glossary``, ``term``, ``doc``, ``ref``, ``graphviz``...) are left
to Sphinx. Nothing else about the page changes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.application import Sphinx
from sphinx.util.docutils import is_directive_registered, is_role_registered

DIRECTIVE = re.compile(r"^\s*(?:`{3,}|:{3,})\{([A-Za-z0-9_:-]+)\}", re.MULTILINE)
ROLE = re.compile(r"\{([A-Za-z0-9_:-]+)\}`")


class AnyOptions(dict[str, Any]):
    """An option spec that accepts every option, unchanged."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> Any:
        return directives.unchanged

    def get(self, key: str, default: Any = None) -> Any:
        return directives.unchanged


class StubDirective(Directive):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = AnyOptions()

    def run(self) -> list[nodes.Node]:
        box = nodes.container(classes=[f"stub-{self.name}"])
        if self.arguments:
            box += nodes.rubric(text=self.arguments[0])
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box]


def stub_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: Any = None,
    content: Any = None,
) -> tuple[list[nodes.Node], list[Any]]:
    return [nodes.inline(rawtext, text, classes=[f"stub-{name}"])], []


def register(app: Sphinx) -> None:
    std = app.env.domains.standard_domain
    text = "\n".join(p.read_text(encoding="utf-8") for p in Path(app.srcdir).glob("**/*.md"))
    for name in sorted(set(DIRECTIVE.findall(text))):
        if not is_directive_registered(name) and name not in std.directives:
            app.add_directive(name, StubDirective, override=True)
    for name in sorted(set(ROLE.findall(text))):
        if not is_role_registered(name) and name not in std.roles and ":" not in name:
            app.add_role(name, stub_role, override=True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", register)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
