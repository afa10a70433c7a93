"""Every sentence that states a legal or dated fact carries its source.

A practitioner acts on a timescale, an age, a year or the name of an Act. If the handbook
states one without a source, nobody can check it, and nobody notices when the law moves on.
So, outside the pages exempted in ``handbook_cited_claims_exempt`` (the 7-minute briefing,
which restates the two seed briefings, and pages made by the build such as the changelog),
each sentence of a page's prose that states

- a number of days or hours ("24 hours", "one working day"),
- a year ("2017"),
- an age ("under 18", "aged 16", "16 and 17 year olds", "under 13s"), or
- the name of an Act ("Sexual Offences Act 2003") or of statutory guidance (the names in
  ``handbook_cited_claims_guidance``)

must contain a citation (``{cite:p}``) or a ``{tbc}`` marker, in the same sentence. A
sentence that does not is a warning naming the page and the line, so ``-W`` fails the build.

What is read: every paragraph of the page as the author wrote it (list items, definitions,
table cells and call-outs included). What is not: block quotes (quotations stay as their
authors wrote them; their attribution carries the citation), code, comments, raw markup,
web addresses and telephone links, and the translated editions (the Welsh text keeps the
English text's citations, which the catalogue checks guarantee).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any, Final

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: stand-ins for a citation and a to-be-confirmed marker in a paragraph's flattened text
CITED: Final = "\x00"
#: node types whose text is never checked
SKIPPED: Final = (
    nodes.block_quote,
    nodes.literal_block,
    nodes.comment,
    nodes.raw,
    nodes.literal,
    nodes.citation,
    nodes.footnote,
    nodes.title,
    nodes.target,
)

NUMBER_WORDS: Final = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|"
    r"twenty|twenty-four|thirty|forty-eight|seventy-two)"
)
#: what a sentence can state, each with the words a warning uses for it
CLAIMS: Final = (
    (
        "a number of days or hours",
        re.compile(
            rf"\b{NUMBER_WORDS}[ -](?:working[ -]|calendar[ -]|clear[ -])?(?:days?|hours?)\b",
            re.IGNORECASE,
        ),
    ),
    ("a year", re.compile(r"(?<![\d/.:-])\b(?:19[5-9]\d|20\d\d)\b(?![\d/:-])")),
    (
        "an age",
        re.compile(
            r"\b(?:under|over|aged?|below|above|younger than|older than)"
            r"(?: the age of)? \d{1,2}s?\b"
            r"|\b\d{1,2}(?: ?(?:-|\u2013|/|to|or|and) ?\d{1,2})?[ -]years?[ -]olds?\b"
            r"|\bunder-\d{1,2}s?\b"
            r"|\b\d{1,2} (?:or|and) (?:over|older|under|younger)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "the name of an Act",
        re.compile(
            r"\b(?:[A-Z][\w\u2019'-]*|\([A-Z][\w\u2019'-]*\))"
            r"(?: (?:and|of|the|for|on|in|to|[A-Z][\w\u2019'-]*|\([A-Z][\w\u2019'-]*\)))* Act\b"
        ),
    ),
)
#: words that open a sentence, not an Act's name ("The Act says ...")
NOT_A_NAME: Final = frozenset({"The", "This", "That", "An", "A", "Its", "Each", "Every"})
#: a sentence ends at . ! or ? (and any closing quote or bracket) before a new sentence
SENTENCE_END: Final = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[A-Z0-9\u201c\"\u2018'(*])")
ADDRESS: Final = re.compile(r"https?://\S+|www\.\S+")


@dataclasses.dataclass(frozen=True)
class Uncited:
    """A sentence that states a claim with no citation or marker."""

    line: int
    kind: str
    claim: str
    sentence: str


def is_citation(node: nodes.Node) -> bool:
    """A ``{cite:p}`` (or any cite-domain) reference, before or after it is resolved."""
    if isinstance(node, addnodes.pending_xref):
        return bool(node.get("refdomain") == "cite")
    return False


def is_tbc(node: nodes.Node) -> bool:
    return isinstance(node, nodes.inline) and "tbc" in node.get("classes", [])


def is_address(node: nodes.Node) -> bool:
    """A link whose text is its own address, or a telephone link."""
    if not isinstance(node, nodes.reference):
        return False
    uri = node.get("refuri", "")
    return uri.startswith(("tel:", "mailto:")) or node.astext() == uri


def flatten(node: nodes.Node) -> Iterator[str]:
    """The text of a paragraph, with CITED where a citation or a marker stands."""
    for child in node.children:
        if is_citation(child) or is_tbc(child):
            yield CITED
        elif is_address(child) or isinstance(child, SKIPPED):
            yield " "
        elif isinstance(child, nodes.Text):
            yield child.astext()
        else:
            yield from flatten(child)


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """Each sentence of a paragraph's text, with its offset in lines from the first."""
    start = 0
    for match in SENTENCE_END.finditer(text):
        yield text.count("\n", 0, start), text[start : match.start()]
        start = match.end()
    yield text.count("\n", 0, start), text[start:]


def claims(sentence: str, guidance: list[str]) -> Iterator[tuple[str, str]]:
    """(kind, words) for each claim a sentence states."""
    plain = ADDRESS.sub(" ", sentence.replace(CITED, " "))
    plain = re.sub(r"\s+", " ", plain)
    for kind, pattern in CLAIMS:
        for match in pattern.finditer(plain):
            words = match.group(0)
            if kind == "the name of an Act":
                parts = words.split(" ")
                while parts and parts[0] in NOT_A_NAME:
                    parts.pop(0)
                if len(parts) < 2:
                    continue
                words = " ".join(parts)
            yield kind, words
            break
    lowered = plain.lower()
    for name in guidance:
        if name.lower() in lowered:
            yield "the name of statutory guidance", name
            break


def uncited(doctree: nodes.document, guidance: list[str]) -> Iterator[Uncited]:
    """Every uncited claim in a page's prose."""
    for paragraph in doctree.findall(nodes.paragraph):
        if any(isinstance(parent, SKIPPED) for parent in _ancestors(paragraph)):
            continue
        line = paragraph.line
        if line is None:
            continue
        text = "".join(flatten(paragraph))
        for offset, sentence in sentences(text):
            if CITED in sentence:
                continue
            for kind, claim in claims(sentence, guidance):
                excerpt = re.sub(r"\s+", " ", sentence).strip()
                yield Uncited(line + offset, kind, claim, excerpt)
                break


def _ancestors(node: nodes.Node) -> Iterator[nodes.Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def check_page(app: Sphinx, doctree: nodes.document) -> None:
    """Warn, at the page and line, on each sentence stating a claim without a source."""
    config = app.config
    if config.language not in (None, "en", config.handbook_cited_claims_language):
        return  # a translation keeps the source's citations (catalogue checks)
    docname = app.env.docname
    if docname in config.handbook_cited_claims_exempt:
        return
    for found in uncited(doctree, config.handbook_cited_claims_guidance):
        logger.warning(
            "a sentence that states %s (%r) needs a source in the same sentence: "
            "a citation {cite:p}`key` or a {tbc}`marker`: %r",
            found.kind,
            found.claim,
            found.sentence,
            location=(docname, found.line),
            type="handbook",
            subtype="uncited_claim",
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("handbook_cited_claims_exempt", [], "env", list)
    app.add_config_value(
        "handbook_cited_claims_guidance",
        [
            "Working Together to Safeguard Children",
            "Working Together to Safeguard People",
            "Keeping Children Safe in Education",
            "statutory guidance",
        ],
        "env",
        list,
    )
    app.add_config_value("handbook_cited_claims_language", "en_GB", "env", str)
    app.connect("doctree-read", check_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
