"""A heading one level below the section it is in, whatever the edition.

The contact list's areas and the briefing's parts are real headings (screen-reader users
move by heading) but not sections (they must not enter the table of contents or the PDF's
running header). Their level depends on where the page sits: h2 under a page title on the
website, h3 in the single-page HTML that becomes the PDF. A post-transform cannot know that
(the PDF builder resolves pages before it assembles them), the HTML writer can: it counts
the sections it is in.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx


class handbook_heading(nodes.rubric):
    """A rubric that the HTML writer renders as ``<hN>``, N one below its section."""


def visit_html(self: Any, node: handbook_heading) -> None:
    level = min(6, self.section_level + self.initial_header_level)
    node["handbook-level"] = level
    self.body.append(self.starttag(node, f"h{level}", ""))


def depart_html(self: Any, node: handbook_heading) -> None:
    self.body.append(f"</h{node['handbook-level']}>\n")


def visit_other(self: Any, node: handbook_heading) -> None:
    self.visit_rubric(node)


def depart_other(self: Any, node: handbook_heading) -> None:
    self.depart_rubric(node)


def setup(app: Sphinx) -> None:
    """Register the node (idempotent: two features use it)."""
    app.add_node(
        handbook_heading,
        override=True,
        html=(visit_html, depart_html),
        latex=(visit_other, depart_other),
        text=(visit_other, depart_other),
        man=(visit_other, depart_other),
        texinfo=(visit_other, depart_other),
    )
