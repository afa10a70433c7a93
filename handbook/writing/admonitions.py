"""Admonitions for practice: key issue, practice point and what to do.

A small, fixed set of call-outs keeps the handbook consistent: a contributor picks the kind,
the build gives it a title, a class for styling (light, dark and print) and an accessible
label. They are plain docutils admonitions, so every edition renders them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective

#: the directives, one a kind of call-out
KINDS: tuple[str, ...] = ("key-issue", "practice-point", "what-to-do")


def default_title(kind: str) -> str:
    """The kind's title in the build's language (translated when the page is read)."""
    titles = {
        "key-issue": _("Key issue"),
        "practice-point": _("Practice point"),
        "what-to-do": _("What to do"),
    }
    return titles[kind]


class PracticeAdmonition(SphinxDirective):
    """A titled call-out of one of the handbook's kinds."""

    kind: ClassVar[str] = ""
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {
        "name": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        self.assert_has_content()
        title_text = self.arguments[0] if self.arguments else default_title(self.kind)
        admonition = nodes.admonition(
            "", classes=["handbook-admonition", self.kind, *self.options.get("class", [])]
        )
        self.set_source_info(admonition)
        self.add_name(admonition)
        textnodes, messages = self.parse_inline(title_text, lineno=self.lineno)
        title = nodes.title(title_text, "", *textnodes)
        self.set_source_info(title)
        if not self.arguments:  # the kind's own title: the interface catalogue's, not the page's
            title["translatable"] = False
        admonition += title
        admonition += messages
        admonition.extend(self.parse_content_to_nodes(allow_section_headings=False))
        return [admonition]


def setup(app: Sphinx) -> dict[str, Any]:
    for kind in KINDS:
        directive = type(
            f"{kind.title().replace('-', '')}Directive", (PracticeAdmonition,), {"kind": kind}
        )
        app.add_directive(kind, directive)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
