"""Graphviz diagrams in the page's catalogue: their labels and their alt text.

A ``{graphviz}`` block keeps its DOT code in an attribute, so Sphinx's gettext builder sees
nothing to translate and a Welsh page would show an English diagram. Before the Locale
transform, this gives every diagram one hidden child per message, a node with Sphinx's
:class:`~sphinx.addnodes.translatable` behaviour:

- each ``label``, ``xlabel``, ``headlabel`` and ``taillabel`` of the DOT code (quoted
  ``"..."`` or a plain word), as written: translators keep DOT's escapes such as ``\\n``
  (a line break);
- the ``:alt:`` text.

The gettext builder extracts them into the page's catalogue with the page's other messages;
in a translation, Locale hands each its translated message, which is put back into the DOT
code (or the alt text) before the diagram is drawn. One node a message, so each message is
translated, or left as it is, on its own. An HTML-like label (``label=<...>``) cannot be
translated this way: it is an error naming the file and line.

The captions need nothing: Sphinx's figure caption is already a translatable node.
"""

from __future__ import annotations

import re
from typing import Any, Final

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.ext.graphviz import graphviz
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

__version__: Final = "1.0.0"

logger = logging.getLogger(__name__)

#: DOT attributes whose value is text drawn on the diagram
LABEL_ATTRIBUTES: Final = ("label", "xlabel", "headlabel", "taillabel")

_DOT_TOKEN: Final = re.compile(
    r"""
      (?P<comment>//[^\n]*|/\*.*?\*/|^\s*\#[^\n]*)
    | \b(?:"""
    + "|".join(LABEL_ATTRIBUTES)
    + r""")\s*=\s*
      (?:
          "(?P<quoted>(?:[^"\\]|\\.)*)"
        | (?P<html><)
        | (?P<word>[^\W\d]\w*|-?(?:\.\d+|\d+(?:\.\d*)?))
      )
    | (?P<string>"(?:[^"\\]|\\.)*")
    """,
    re.VERBOSE | re.DOTALL | re.MULTILINE,
)


class graphviz_message(nodes.General, nodes.Element, addnodes.translatable):
    """One translatable text of a diagram: a label of its DOT code or its alt text.

    Attributes: ``original`` (the message), ``kind`` (``label`` or ``alt``) and, for a
    label, ``span``, where its text is in the original DOT code (``quoted``: whether it is
    inside quotes there). The translated message, once known, is ``translation``.
    """

    def preserve_original_messages(self) -> None:
        self.setdefault("rawtext", self["original"])

    def extract_original_messages(self) -> list[str]:
        return [self["original"]]

    def apply_translated_message(self, original_message: str, translated_message: str) -> None:
        diagram = self.parent
        if not isinstance(diagram, graphviz):
            return
        self["translation"] = translated_message
        self["translated"] = True
        if self["kind"] == "alt":
            diagram["alt"] = translated_message
        else:
            diagram["code"] = translated_code(diagram)


def _dot_string(text: str) -> str:
    """A translated label as the inside of a DOT quoted string: quotes and newlines escaped."""
    text = re.sub(r'(?<!\\)"', r"\"", text)
    return text.replace("\r\n", "\n").replace("\n", r"\n")


def translated_code(diagram: graphviz) -> str:
    """The diagram's original DOT code with each translated label in its place."""
    code: str = diagram["handbook_original_code"]
    pieces: list[str] = []
    end = 0
    labels = [m for m in diagram.findall(graphviz_message) if m["kind"] == "label"]
    for message in sorted(labels, key=lambda m: m["span"][0]):
        start, stop = message["span"]
        pieces.append(code[end:start])
        if "translation" in message:
            text = _dot_string(message["translation"])
            pieces.append(text if message["quoted"] else f'"{text}"')
        else:
            pieces.append(code[start:stop])
        end = stop
    pieces.append(code[end:])
    return "".join(pieces)


def _line(node: nodes.Element) -> int | None:
    """The diagram's line: the directive sets it on no node, so the nearest ancestor's (a
    captioned diagram's figure has its caption's line)."""
    here: nodes.Element | None = node
    while here is not None:
        if here.line:
            return here.line
        caption = next(iter(here.findall(nodes.caption)), None)
        if caption is not None and caption.line:
            return caption.line
        here = here.parent
    return None


class GraphvizMessages(SphinxTransform):
    """Give each diagram its messages, before Locale (20) translates them."""

    # before PreserveTranslatableMessages (10), which every translatable node goes through
    default_priority = 9

    def apply(self, **kwargs: Any) -> None:
        for diagram in list(self.document.findall(graphviz)):
            if "handbook_original_code" in diagram:
                continue
            source, line = self.document.get("source"), _line(diagram)
            code: str = diagram["code"]
            diagram["handbook_original_code"] = code
            for match in _DOT_TOKEN.finditer(code):
                if match["html"] is not None:
                    logger.error(
                        "an HTML-like Graphviz label (label=<...>) cannot be translated: "
                        'write it as label="..."',
                        location=(self.env.current_document.docname, line),
                        type="handbook",
                        subtype="graphviz",
                    )
                    continue
                quoted = match["quoted"] is not None
                text = match["quoted"] if quoted else match["word"]
                if not text or not text.strip():
                    continue
                # the message is the words: spaces around them stay in the code
                start = match.start("quoted" if quoted else "word")
                start += len(text) - len(text.lstrip())
                text = text.strip()
                message = graphviz_message(
                    original=text, kind="label", span=(start, start + len(text)), quoted=quoted
                )
                message.source, message.line = source, line
                diagram += message
            alt = diagram.get("alt")
            if alt and alt.strip():
                message = graphviz_message(original=alt, kind="alt")
                message.source, message.line = source, line
                diagram += message


def _skip(self: Any, node: nodes.Element) -> None:
    """Never drawn: the diagram's own visitor draws the translated code and skips its children."""
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the message node and the transform that adds it to each diagram."""
    app.setup_extension("sphinx.ext.graphviz")
    app.add_node(
        graphviz_message,
        html=(_skip, None),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_transform(GraphvizMessages)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
