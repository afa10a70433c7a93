"""Load a stylesheet or script only on the web pages that use it (performance).

Readers open the handbook on phones with poor signal. Sphinx and its extensions add their
stylesheets and scripts to every page, used or not: sphinx-design's stylesheet (55 KB, 8 KB
gzip) and tab script are on every page although only the 7-minute briefing has cards.
On ``html-page-context`` this extension removes, page by page, the optional files below
when nothing in the page's body uses them:

==========================================  ===============================================
file                                        kept on a page whose body has
==========================================  ===============================================
``sphinx-design.min.css``                   a class ``sd-*`` (any sphinx-design component)
                                            or ``shadow-none``
``design-tabs.js``                          a sphinx-design tab set (``sd-tab-set``)
``styles/furo-extensions.css``              furo's styles for other extensions: ``sd-*``,
                                            ``copybtn``, ``shadow``, ``sphinx-bs``, ``card``,
                                            ``tab-set`` (see ``FURO_EXTENSIONS_ONLY_WITH``)
``pygments.css``                            highlighted code (``highlight``)
``graphviz.css``                            a Graphviz diagram (``graphviz``)
``briefing.css``                            the 7-minute briefing (``handbook-briefing*``)
``record-sheet.css``                        the record of a concern (``handbook-record*``)
==========================================  ===============================================

The test is on the classes in the rendered body, not on node types: the 7-minute
briefing (``handbook.writing.briefing``) builds its cards from plain docutils containers with
sphinx-design's classes, and a node-type test would strip their styles.

``sphinx_highlight.js`` (5 KB; it highlights the words searched for when a reader arrives
from the search page) is replaced on every page but the search page by a 0.4 KB (gzip) loader,
``search-highlight-loader.js``, which fetches it only when there are terms to highlight
(``localStorage["sphinx_highlight_terms"]`` or ``?highlight=``): the feature is unchanged.

``translations.js`` is dropped when Sphinx's catalogue for the language changes no
message (British English: every message is the English one), so loading it does nothing.

Sphinx's ``doctools.js`` and ``documentation_options.js`` (1.8 KB gzip, two requests) do
two things on a page that is not the search page: the ``/`` search shortcut, and what
``sphinx_highlight.js`` (and ``translations.js``, for its one message) needs. The loader
now gives the shortcut itself and fetches those files, in order, only when it fetches the
highlighter; the search page (and a domain index, whose togglers doctools.js runs) keeps
them as they are.

The scripts every page runs (``handbook_assets_bundle``: the loader, furo's script, the
drawers' buttons, the quick exit) travel as one deferred file, ``handbook.js``, joined in
their order with their comments left out (one request and one gzip stream in place of
four: 1.4 KB less). A page that lacks one of them keeps its scripts as they are.

The print stylesheet (``<link media="print">``, which browsers fetch anyway) goes into the
page's ``<style>`` with the others, cut the same way, inside ``@media print``; and the
brackets of citation labels lose the span docutils puts round each (nothing styles it).

Every setting that affects accessibility or search stays as it is. Only the builders in
``handbook_assets_builders`` (the web site) are filtered; the ePub and PDF builders choose
their own files.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import tinycss2
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript
from sphinx.util import logging

__version__: Final = "1.0.0"

logger = logging.getLogger(__name__)

#: classes (and ids) that furo-extensions.css styles; each of its rules needs one of these.
#: ``.container`` is left out on purpose: its only rule there
#: (``[role=main] .container{max-width:none;padding:0}``) repeats the browser's defaults for
#: docutils containers and is outranked by furo.css for table wrappers.
FURO_EXTENSIONS_ONLY_WITH: Final = frozenset(
    {"copybtn", "shadow", "sphinx-bs", "card", "tab-set", "tab-content", "tab-label"}
)
FURO_EXTENSIONS_IDS: Final = frozenset({"furo-readthedocs-versions", "furo-sidebar-ad-placement"})

_CLASS_ATTR = re.compile(r"""\sclass=(?:"([^"]*)"|'([^']*)')""")
_ID_ATTR = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")


def page_classes(html: str) -> set[str]:
    """Every class used in a fragment of HTML."""
    found: set[str] = set()
    for double, single in _CLASS_ATTR.findall(html):
        found.update((double or single).split())
    return found


def page_ids(html: str) -> set[str]:
    return {double or single for double, single in _ID_ATTR.findall(html)}


def _any_prefix(classes: Iterable[str], prefix: str) -> bool:
    return any(c.startswith(prefix) for c in classes)


Need = Callable[[set[str], set[str]], bool]

#: optional file (as Sphinx names it, under ``_static/``) -> does a page with these
#: classes and ids need it?
OPTIONAL: Final[dict[str, Need]] = {
    "_static/sphinx-design.min.css": lambda c, i: _any_prefix(c, "sd-") or "shadow-none" in c,
    "_static/design-tabs.js": lambda c, i: "sd-tab-set" in c,
    "_static/styles/furo-extensions.css": lambda c, i: (
        _any_prefix(c, "sd-")
        or bool(c & FURO_EXTENSIONS_ONLY_WITH)
        or bool(i & FURO_EXTENSIONS_IDS)
    ),
    "_static/pygments.css": lambda c, i: "highlight" in c,
    "_static/graphviz.css": lambda c, i: "graphviz" in c,
    "_static/briefing.css": lambda c, i: _any_prefix(c, "handbook-briefing"),
    "_static/record-sheet.css": lambda c, i: _any_prefix(c, "handbook-record"),
}
TRANSLATIONS: Final = "_static/translations.js"
HIGHLIGHT: Final = "_static/sphinx_highlight.js"
LOADER: Final = "search-highlight-loader.js"
LOADER_SOURCE: Final = Path(__file__).parent / "assets_static" / LOADER
#: Sphinx's helpers that only the search page runs on load; elsewhere the loader fetches
#: them, with the highlighter, when there are search terms to highlight
SEARCH_HELPERS: Final = ("_static/documentation_options.js", "_static/doctools.js")
#: the one file that carries the scripts of ``handbook_assets_bundle``
BUNDLE: Final = "handbook.js"
#: a comment that is a whole line, or a block comment that starts a line and ends one
#: (``/*!``, a licence, is kept); comments after code are left as they are
_JS_COMMENT: Final = re.compile(r"^[ \t]*(?://[^\n]*|/\*(?!!).*?\*/[ \t]*)(?:\n|$)", re.M | re.S)


def _name(asset: Any) -> str:
    """The file name of a ``_CascadingStyleSheet``/``_JavaScript`` (or a plain string)."""
    name = getattr(asset, "filename", asset)
    return str(name).split("?", 1)[0]


def catalogue_is_identity(path: Path) -> bool:
    """True if Sphinx's JavaScript catalogue translates every message to itself.

    The file is ``Documentation.addTranslations({...});``. A message left empty falls back
    to the English text, which is the same thing.
    """
    text = path.read_text(encoding="utf-8").strip()
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < 0:
        return False
    try:
        catalogue = json.loads(text[start : end + 1])
    except ValueError:
        return False
    if catalogue.get("plural_expr", "(n != 1)").replace(" ", "") not in {"(n!=1)", "n!=1"}:
        return False
    for key, value in catalogue.get("messages", {}).items():
        if isinstance(value, list):
            if any(v and v not in {key, value[-1]} for v in value) or (
                value[0] and value[0] != key
            ):
                return False
        elif value and value != key:
            return False
    return True


def on_builder_inited(app: Sphinx) -> None:
    builder = app.builder
    drop = False
    if builder.name in app.config.handbook_assets_builders:
        find = getattr(builder, "_get_translations_js", None)
        found = find() if find else ""
        if found:  # "" when the language has no catalogue (English)
            drop = catalogue_is_identity(Path(found))
    builder.handbook_drop_translations = drop  # type: ignore[attr-defined]
    builder.handbook_bundle = None  # type: ignore[attr-defined]
    if builder.name in app.config.handbook_assets_builders:
        # copied now (not through html_static_path, which the ePub would copy too), so
        # that Sphinx can give the page its checksum (?v=) when it writes the pages
        static = Path(builder.outdir, "_static")
        static.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(LOADER_SOURCE, static / LOADER)
        # what the loader fetches, in order, before the highlighter (each needs the last)
        fetched = ["documentation_options.js", "doctools.js"]
        if found and not drop:
            fetched.append("translations.js")
        fetched.append("sphinx_highlight.js")
        app.add_js_file(LOADER, priority=200, **{"data-highlight": " ".join(fetched)})


def strip_comments(script: str) -> str:
    """A script without its comments that take whole lines (what a reader never needs)."""
    return _JS_COMMENT.sub("", script)


def _bundle(app: Sphinx, names: list[str]) -> str | None:
    """Write ``_static/handbook.js`` from the copied files ``names`` (once a build); None
    if one is missing, then every page keeps its scripts as they are."""
    builder = app.builder
    made = getattr(builder, "handbook_bundle", None)
    if made is not None:
        return made or None
    static = Path(builder.outdir, "_static")
    parts = []
    for name in names:
        path = static / name
        if not path.is_file():
            builder.handbook_bundle = ""  # type: ignore[attr-defined]
            return None
        parts.append(f"/* {name} */\n" + strip_comments(path.read_text(encoding="utf-8")).strip())
    text = "\n".join(parts) + "\n"
    target = static / BUNDLE
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        temporary = target.with_name(f".{BUNDLE}.{os.getpid()}")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)  # atomic: parallel writers write the same text
    builder.handbook_bundle = BUNDLE  # type: ignore[attr-defined]
    return BUNDLE


def _join_scripts(app: Sphinx, scripts: list[Any]) -> list[Any]:
    """The page's scripts, those of ``handbook_assets_bundle`` as one deferred file."""
    wanted = [f"_static/{name}" for name in app.config.handbook_assets_bundle]
    names = [_name(s) for s in scripts]
    if not wanted or not set(wanted) <= set(names):
        return scripts
    bundle = _bundle(app, list(app.config.handbook_assets_bundle))
    if bundle is None:
        return scripts
    first = min(names.index(w) for w in wanted)
    attributes: dict[str, str] = {}
    for script in scripts:
        if _name(script) in wanted:
            attributes.update(
                {
                    k: v
                    for k, v in getattr(script, "attributes", {}).items()
                    if k.startswith("data-")
                }
            )
    joined = _JavaScript(f"_static/{bundle}", priority=200, defer="defer", **attributes)
    kept = [s for s in scripts if _name(s) not in wanted]
    kept.insert(first, joined)
    return kept


#: docutils wraps each bracket of a citation's or footnote's label in a span of its own
#: (``<span class="fn-bracket">[</span>``); nothing styles it, on the site or in furo
FN_BRACKET: Final = '<span class="fn-bracket">'
_FN_BRACKET_SPAN: Final = re.compile(r'<span class="fn-bracket">([\[\]])</span>')


def plain_brackets(body: str) -> str:
    """The labels' brackets as plain text: the same text and look, 0.2 KB less (gzip) on
    the references page, whose 89 entries each had two such spans."""
    return _FN_BRACKET_SPAN.sub(r"\1", body)


def filter_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Leave out the optional files this page does not use."""
    if app.builder.name not in app.config.handbook_assets_builders:
        return
    body = context.get("body") or ""
    if FN_BRACKET in body:
        body = context["body"] = plain_brackets(body)
    classes, ids = page_classes(body), page_ids(body)
    unused = {name for name, need in OPTIONAL.items() if not need(classes, ids)}
    if getattr(app.builder, "handbook_drop_translations", False):
        unused.add(TRANSLATIONS)
    # the search page runs sphinx_highlight.js itself; every other page gets the loader,
    # which fetches Sphinx's helpers (and the catalogue) only with the highlighter; a
    # domain index keeps doctools.js for its togglers
    if pagename == "search":
        unused.add(f"_static/{LOADER}")
    else:
        unused.add(HIGHLIGHT)
        if "toggler" not in classes:
            unused.update((*SEARCH_HELPERS, TRANSLATIONS))
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [a for a in context[key] if _name(a) not in unused]
    if "script_files" in context:
        context["script_files"] = _join_scripts(app, context["script_files"])


# -- One stylesheet in the page, cut to the rules the page can use ---------------------------

#: ``<link rel="stylesheet">`` to a file of the site (not an absolute address); group 1: href
STYLESHEET_LINK: Final = re.compile(
    r"""<link\b(?=[^>]*\brel=["']stylesheet["'])(?![^>]*\bmedia=)[^>]*\bhref=["']"""
    r"""(?![a-z][a-z0-9+.-]*:|/)([^"'?#]+)(?:\?[^"']*)?["'][^>]*>\s*""",
    re.I,
)
#: ``<link media="print" rel="stylesheet">`` to a file of the site; group 1: href
PRINT_LINK: Final = re.compile(
    r"""<link\b(?=[^>]*\bmedia=["']print["'])(?=[^>]*\brel=["']stylesheet["'])[^>]*\bhref=["']"""
    r"""(?![a-z][a-z0-9+.-]*:|/)([^"'?#]+)(?:\?[^"']*)?["'][^>]*>\s*""",
    re.I,
)
#: ``<script src>`` to a file of the site; group 1: src
SCRIPT_SRC: Final = re.compile(
    r"""<script\b[^>]*\bsrc=["'](?![a-z][a-z0-9+.-]*:|/)([^"'?#]+)""", re.I
)
_TAG: Final = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_WORD: Final = re.compile(r"[A-Za-z_][\w-]*")
_SYMBOL: Final = re.compile(r'\s*<symbol id="([^"]+)".*?</symbol>', re.S)


@dataclass(frozen=True)
class Used:
    """What a page can match: its classes, ids and elements, and the words of its scripts.

    A script can add a class or an id (furo's ``scroll-current``, the quick exit's
    ``handbook-exit--js``), so every word of every script the page runs counts as used:
    a rule is dropped only when a class, id or element it needs is nowhere in the page or
    its scripts.
    """

    classes: frozenset[str]
    ids: frozenset[str]
    tags: frozenset[str]


def _compound_needs(tokens: list[Any]) -> tuple[set[str], set[str], set[str]]:
    """The classes, ids and element names one selector needs (pseudo-classes and
    attribute tests are not needed: they are kept whatever they say)."""
    classes: set[str] = set()
    ids: set[str] = set()
    tags: set[str] = set()
    after_colon = after_dot = False
    for token in tokens:
        kind = token.type
        if kind == "literal" and token.value == ".":
            after_dot, after_colon = True, False
            continue
        if kind == "literal" and token.value in {":", "::"}:
            after_colon, after_dot = True, False
            continue
        if kind == "ident":
            if after_dot:
                classes.add(token.value)
            elif not after_colon:
                tags.add(token.value.lower())
        elif kind == "hash":
            ids.add(token.value)
        after_colon = after_dot = False
    return classes, ids, tags


def _selector_can_match(tokens: list[Any], used: Used) -> bool:
    classes, ids, tags = _compound_needs(tokens)
    return classes <= used.classes and ids <= used.ids and tags <= used.tags


def _split_selectors(prelude: list[Any]) -> list[list[Any]]:
    parts: list[list[Any]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [p for p in parts if any(t.type not in {"whitespace", "comment"} for t in p)]


def _declarations(content: list[Any]) -> list[Any]:
    return [
        d
        for d in tinycss2.parse_blocks_contents(content, skip_whitespace=True, skip_comments=True)
        if d.type == "declaration"
    ]


def _declaration_css(declaration: Any) -> str:
    value = tinycss2.serialize(declaration.value).strip()
    important = "!important" if declaration.important else ""
    return f"{declaration.name}:{value}{important}"


_VAR: Final = re.compile(r"var\(\s*(--[\w-]+)")


#: one declaration, ready to write: (name, ``name:value[!important]``, custom properties it reads)
Declaration = tuple[str, str, tuple[str, ...]]
#: one selector and what it needs: (text, classes, ids, element names)
Selector = tuple[str, frozenset[str], frozenset[str], frozenset[str]]
#: a stylesheet's rule, read once: ("rule", selectors, declarations), ("group", "@media ...",
#: inner rules) or ("verbatim", text)
Compiled = tuple[Any, ...]
#: a rule kept for a page: (prelude, declarations or None for an at-rule, inner rules)
Kept = tuple[str, tuple[Declaration, ...] | None, list[Any]]


def _compile(rules: Iterable[Any]) -> tuple[Compiled, ...]:
    """A stylesheet's rules with every selector's needs and every declaration's text worked
    out once, so that cutting it for each page is set arithmetic (a one-page rebuild pays
    the parsing once, not once a page)."""
    compiled: list[Compiled] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = tuple(
                (tinycss2.serialize(s).strip(), *map(frozenset, _compound_needs(s)))
                for s in _split_selectors(rule.prelude)
            )
            declarations = tuple(
                (d.name, _declaration_css(d), tuple(_VAR.findall(tinycss2.serialize(d.value))))
                for d in _declarations(rule.content)
            )
            compiled.append(("rule", selectors, declarations))
        elif rule.type == "at-rule":
            keyword = rule.lower_at_keyword
            if rule.content is not None and keyword in {"media", "supports", "layer", "container"}:
                inner = tinycss2.parse_rule_list(
                    rule.content, skip_whitespace=True, skip_comments=True
                )
                prelude = "@" + rule.at_keyword + " " + tinycss2.serialize(rule.prelude).strip()
                compiled.append(("group", prelude, _compile(inner)))
            else:  # @font-face, @keyframes, @charset...: kept whole
                compiled.append(("verbatim", tinycss2.serialize([rule]).strip()))
    return tuple(compiled)


def _subset_rules(rules: Iterable[Compiled], used: Used) -> list[Kept]:
    """Rules that can apply, as (prelude, declarations or None for an at-rule's text, inner)."""
    kept: list[Kept] = []
    classes, ids, tags = used.classes, used.ids, used.tags
    for rule in rules:
        if rule[0] == "rule":
            selectors = [
                text
                for text, need_classes, need_ids, need_tags in rule[1]
                if need_classes <= classes and need_ids <= ids and need_tags <= tags
            ]
            if selectors:
                kept.append((",".join(selectors), rule[2], []))
        elif rule[0] == "group":
            inner = _subset_rules(rule[2], used)
            if inner:
                kept.append((rule[1], None, inner))
        else:
            kept.append((rule[1], None, []))
    return kept


def _custom_properties_used(kept: list[Kept], extra: str) -> set[str]:
    """Custom properties that a kept declaration (or the page's own ``style=``) reads,
    directly or through another custom property."""
    definitions: dict[str, list[tuple[str, ...]]] = {}
    wanted: set[str] = set(_VAR.findall(extra))

    def walk(rules: list[Kept]) -> None:
        for prelude, declarations, inner in rules:
            if declarations is None:
                wanted.update(_VAR.findall(prelude))
            for name, _css, reads in declarations or ():
                if name.startswith("--"):
                    definitions.setdefault(name, []).append(reads)
                else:
                    wanted.update(reads)
            walk(inner)

    walk(kept)
    todo = list(wanted)
    while todo:
        for reads in definitions.get(todo.pop(), []):
            for name in reads:
                if name not in wanted:
                    wanted.add(name)
                    todo.append(name)
    return wanted


def _serialize(rules: list[Kept], properties: set[str]) -> str:
    out: list[str] = []
    for prelude, declarations, inner in rules:
        if declarations is None and not inner:
            out.append(prelude)
        elif declarations is None:
            body = _serialize(inner, properties)
            if body:
                out.append(prelude + "{" + body + "}")
        else:
            body = ";".join(
                css
                for name, css, _reads in declarations
                if not name.startswith("--") or name in properties
            )
            if body:
                out.append(prelude + "{" + body + "}")
    return "".join(out)


#: where compiled stylesheets are kept between builds (set from the builder's doctrees);
#: None: compiled in memory only
CACHE: dict[str, Path | None] = {"folder": None}
#: changes when the compiled form does: older files are then not read
_COMPILED_FORMAT: Final = "1"


@functools.lru_cache(maxsize=64)
def _parsed(path: Path, mtime: float) -> tuple[Compiled, ...]:
    """A stylesheet, compiled; kept on disk by its bytes' digest, so that a one-page
    rebuild does not parse furo's stylesheet again (about 0.2 s)."""
    data = path.read_bytes()
    folder = CACHE["folder"]
    digest = hashlib.sha256(_COMPILED_FORMAT.encode() + b"\0" + data).hexdigest()
    stored = folder / f"{digest}.pickle" if folder is not None else None
    if stored is not None and stored.is_file():
        try:
            with stored.open("rb") as file:
                compiled: tuple[Compiled, ...] = pickle.load(file)
            return compiled
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            pass  # damaged: compiled again below
    rules = tinycss2.parse_stylesheet(
        data.decode("utf-8"), skip_whitespace=True, skip_comments=True
    )
    compiled = _compile(rules)
    if stored is not None:
        stored.parent.mkdir(parents=True, exist_ok=True)
        temporary = stored.with_name(f".{stored.name}.{os.getpid()}")
        with temporary.open("wb") as file:
            pickle.dump(compiled, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, stored)  # atomic: parallel writers write the same bytes
    return compiled


@functools.lru_cache(maxsize=64)
def _script_words(path: Path, mtime: float) -> frozenset[str]:
    return frozenset(_WORD.findall(path.read_text(encoding="utf-8")))


def subset_css(sheets: list[Path], used: Used, page_html: str = "") -> str:
    """The rules of ``sheets`` (in order) that can apply to a page that uses ``used``, with
    only the custom properties those rules read, as one compact stylesheet."""
    kept: list[Kept] = []
    for sheet in sheets:
        kept.extend(_subset_rules(_parsed(sheet, sheet.stat().st_mtime), used))
    return _serialize(kept, _custom_properties_used(kept, page_html))


def used_by(html: str, scripts: Iterable[Path]) -> Used:
    """What a rendered page and the scripts it runs can match."""
    words: set[str] = set()
    for script in scripts:
        if script.is_file():
            words |= _script_words(script, script.stat().st_mtime)
    return Used(
        classes=frozenset(page_classes(html) | words),
        ids=frozenset(page_ids(html) | words),
        tags=frozenset({t.lower() for t in _TAG.findall(html)} | {"html", "body", ":root"}),
    )


def prune_icons(html: str) -> str:
    """Leave out the icons of furo's sprite that the page never shows (``href="#svg-..."``)."""

    def keep(match: re.Match[str]) -> str:
        return match.group(0) if f'href="#{match.group(1)}"' in html else ""

    return _SYMBOL.sub(keep, html)


def inline_styles(html: str, page: Path, static: Path) -> str:
    """Put the page's stylesheets, cut to what it can use, in one ``<style>`` in its head."""
    links = list(STYLESHEET_LINK.finditer(html))
    if not links:
        return html
    sheets = []
    for link in links:
        path = (page.parent / link.group(1)).resolve()
        if not path.is_file() or not path.is_relative_to(static.resolve()):
            return html  # not one of the site's own files: leave the page as it is
        sheets.append(path)
    # the search index is data, not a script that adds classes; and it is written after
    # the search page, so counting its words made that page depend on the last build's
    scripts = [
        (page.parent / s).resolve() for s in SCRIPT_SRC.findall(html) if s != "searchindex.js"
    ]
    scripts.append(static / "sphinx_highlight.js")  # fetched by the loader when needed
    used = used_by(html, scripts)
    # each file's cut is preceded by its name, so a reader of the page (or a test) can tell
    # which of the site's stylesheets it carries
    css = "".join(
        f"/* {link.group(1)} */" + subset_css([sheet], used, html)
        for link, sheet in zip(links, sheets, strict=True)
    )
    # the print stylesheet too, inside @media print after the rest (where its link was):
    # a request fewer, and only the rules the page can use
    printed = []
    for link in PRINT_LINK.finditer(html):
        path = (page.parent / link.group(1)).resolve()
        if path.is_file() and path.is_relative_to(static.resolve()):
            rules = subset_css([path], used, html)
            printed.append(link.group(0))
            css += f"/* {link.group(1)} */" + (f"@media print{{{rules}}}" if rules else "")
    start, end = links[0].start(), links[-1].end()
    between = html[start:end]
    for link in links:
        between = between.replace(link.group(0), "", 1)
    for link_html in printed:
        between = between.replace(link_html, "", 1)
    rest = html[end:]
    for link_html in printed:
        rest = rest.replace(link_html, "", 1)
    return html[:start] + "<style>" + css + "</style>\n" + between + rest


def inline_page_styles(app: Sphinx) -> None:
    """Let every page the web builders render carry its own cut of the stylesheets.

    Runs before ``handbook.web.security`` wraps the renderer, so the policy is computed from
    the page as finally written.
    """
    builder = app.builder
    if (
        builder.name not in app.config.handbook_assets_builders
        or not app.config.handbook_inline_css
    ):
        return
    templates = builder.templates
    render = templates.render
    static = Path(builder.outdir, "_static")
    CACHE["folder"] = Path(app.doctreedir, "handbook-css")

    def render_inlined(template: str, context: dict[str, Any]) -> str:
        html: str = render(template, context)
        pagename = context.get("pagename")
        if not pagename or "<html" not in html[:200]:
            return html
        page = Path(builder.get_outfilename(pagename))  # type: ignore[attr-defined]
        return inline_styles(prune_icons(html), page, static)

    templates.render = render_inlined


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("handbook_assets_builders", ["html", "dirhtml"], "html", types=[list])
    app.add_config_value("handbook_inline_css", True, "html", types=[bool])
    app.add_config_value("handbook_assets_bundle", [], "html", types=[list])
    app.connect("builder-inited", on_builder_inited)
    # before handbook.web.security wraps the renderer (priority 500): its policy sees the result
    app.connect("builder-inited", inline_page_styles, priority=400)
    # after every other extension has added its files to the page
    app.connect("html-page-context", filter_assets, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
