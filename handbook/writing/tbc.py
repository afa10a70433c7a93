"""Mark what is not yet confirmed, and list every mark for the content owners.

Safeguarding guidance must not guess. Where a detail is unknown, a contributor writes
``{tbc}`what is missing``` instead; the reader sees a visible "to be confirmed" marker,
the ``tbc-list`` directive gathers every marker into one page, and the build prints the
count so nobody forgets them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.docutils import ReferenceRole, SphinxDirective
from sphinx.util.nodes import make_refnode

from handbook.writing.collected_lists import rewrite_when_changed

logger = logging.getLogger(__name__)


class tbc_list(nodes.General, nodes.Element):
    """Placeholder replaced by the list of every marker once all pages are read."""


class TbcRole(ReferenceRole):
    """``{tbc}`note``` renders the note and a visible 'to be confirmed' badge."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        note = self.title.strip()
        if not note:
            msg = self.inliner.reporter.error(
                "{tbc} needs a note saying what is to be confirmed", line=self.lineno
            )
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        serial = self.env.new_serialno("tbc")
        target_id = f"tbc-{serial}"
        marker = nodes.inline("", classes=["tbc"], ids=[target_id])
        label = _("to be confirmed")
        marker += nodes.strong(label, f"[{label}: ", classes=["tbc-label"])
        marker += nodes.Text(note)
        marker += nodes.strong("]", "]", classes=["tbc-label"])
        self.set_source_info(marker)
        records: list[dict[str, Any]] = self.env.domaindata.setdefault("tbc", {}).setdefault(
            "items", []
        )
        records.append(
            {"docname": self.env.docname, "lineno": self.lineno, "note": note, "id": target_id}
        )
        return [marker], []


class TbcListDirective(SphinxDirective):
    """Place the list of every 'to be confirmed' marker in the handbook."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        node = tbc_list("")
        self.set_source_info(node)
        pages: list[str] = self.env.domaindata.setdefault("tbc", {}).setdefault("lists", [])
        if self.env.docname not in pages:
            pages.append(self.env.docname)
        return [node]


def _items(env: BuildEnvironment) -> list[dict[str, Any]]:
    """Every marker, in the order a reader meets them."""
    items: list[dict[str, Any]] = env.domaindata.get("tbc", {}).get("items", [])
    order = {doc: n for n, doc in enumerate(_reading_order(env))}
    return sorted(items, key=lambda i: (order.get(i["docname"], len(order)), i["lineno"]))


def _reading_order(env: BuildEnvironment) -> list[str]:
    seen: list[str] = []

    def walk(doc: str) -> None:
        if doc in seen:
            return
        seen.append(doc)
        for child in env.toctree_includes.get(doc, []):
            walk(child)

    walk(env.config.root_doc)
    return seen


def keep_markers_on_the_page(app: Sphinx, doctree: nodes.document) -> None:
    """Forget markers the page no longer has once it is read.

    In a translation, Sphinx parses a translated message again: its ``{tbc}`` makes a new
    marker (the translated note) and the original's marker leaves the page. Only markers
    still on the page are listed, each once, in the page's language.
    """
    docname = app.env.current_document.docname
    ids = {i for node in doctree.findall(nodes.inline) for i in node["ids"]}
    records = app.env.domaindata.setdefault("tbc", {}).setdefault("items", [])
    records[:] = [r for r in records if r["docname"] != docname or r["id"] in ids]


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    data = env.domaindata.setdefault("tbc", {})
    data["items"] = [i for i in data.get("items", []) if i["docname"] != docname]
    data["lists"] = [page for page in data.get("lists", []) if page != docname]


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    mine = env.domaindata.setdefault("tbc", {}).setdefault("items", [])
    mine.extend(
        i for i in other.domaindata.get("tbc", {}).get("items", []) if i["docname"] in docnames
    )
    pages = env.domaindata["tbc"].setdefault("lists", [])
    pages.extend(p for p in other.domaindata.get("tbc", {}).get("lists", []) if p in docnames)


def _signature(env: BuildEnvironment) -> list[tuple[str, str, str, str]]:
    """What a ``tbc-list`` shows: each marker's page title, anchor and note, in order."""
    return [
        (
            item["docname"],
            str(env.titles[item["docname"]].astext() if item["docname"] in env.titles else ""),
            str(item["id"]),
            str(item["note"]),
        )
        for item in _items(env)
    ]


def _list_pages(env: BuildEnvironment) -> list[str]:
    return list(env.domaindata.get("tbc", {}).get("lists", []))


def resolve_lists(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """Fill each ``tbc-list`` with a linked entry per marker, in reading order."""
    env = app.env
    for node in list(doctree.findall(tbc_list)):
        items = _items(env)
        if not items:
            para = nodes.paragraph("", _("Nothing is waiting to be confirmed."))
            node.replace_self(para)
            continue
        bullets = nodes.bullet_list(classes=["tbc-list"])
        for item in items:
            title_node = env.titles.get(item["docname"])
            title = title_node.astext() if title_node else item["docname"]
            para = nodes.paragraph()
            ref = make_refnode(
                app.builder, fromdocname, item["docname"], item["id"], nodes.Text(title)
            )
            para += ref
            para += nodes.Text(f": {item['note']}")
            bullets += nodes.list_item("", para)
        node.replace_self(bullets)


def report(app: Sphinx, exception: Exception | None) -> None:
    """One line in the build output with the count, so it is never overlooked."""
    if exception is not None:
        return
    items = _items(app.env)
    pages = len({i["docname"] for i in items})
    logger.info(
        "handbook: %d item(s) to be confirmed on %d page(s)", len(items), pages, color="yellow"
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(tbc_list)
    app.add_role("tbc", TbcRole())
    app.add_directive("tbc-list", TbcListDirective)
    app.connect("doctree-read", keep_markers_on_the_page)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("doctree-resolved", resolve_lists)
    # the pages with a tbc-list are written again when the list changed: a marker added,
    # settled or moved elsewhere (or in the bibliography), or a page's title; after
    # handbook.writing.bibliography (priority 600) has added its entries
    rewrite_when_changed(app, _signature, _list_pages, priority=700)
    app.connect("build-finished", report)
    return {
        "version": "1.0",
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
