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

Nothing else is touched: Sphinx's own scripts (``doctools.js``: the ``/`` search shortcut;
``sphinx_highlight.js``: search terms highlighted on arrival; ``documentation_options.js``)
and every setting that affects accessibility or search stay as they are. Only the builders
in ``handbook_assets_builders`` (the web site) are filtered; the ePub and PDF builders
choose their own files.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Final

from sphinx.application import Sphinx
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
}
TRANSLATIONS: Final = "_static/translations.js"
HIGHLIGHT: Final = "_static/sphinx_highlight.js"
LOADER: Final = "search-highlight-loader.js"
LOADER_SOURCE: Final = Path(__file__).parent / "assets_static" / LOADER


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
    if builder.name in app.config.handbook_assets_builders:
        # copied now (not through html_static_path, which the ePub would copy too), so
        # that Sphinx can give the page its checksum (?v=) when it writes the pages
        static = Path(builder.outdir, "_static")
        static.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(LOADER_SOURCE, static / LOADER)
        app.add_js_file(LOADER, priority=200)


def filter_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Leave out the optional files this page does not use."""
    if app.builder.name not in app.config.handbook_assets_builders:
        return
    body = context.get("body") or ""
    classes, ids = page_classes(body), page_ids(body)
    unused = {name for name, need in OPTIONAL.items() if not need(classes, ids)}
    if getattr(app.builder, "handbook_drop_translations", False):
        unused.add(TRANSLATIONS)
    # the search page runs sphinx_highlight.js itself; every other page gets the loader
    unused.add(f"_static/{LOADER}" if pagename == "search" else HIGHLIGHT)
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [a for a in context[key] if _name(a) not in unused]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("handbook_assets_builders", ["html", "dirhtml"], "html", types=[list])
    app.connect("builder-inited", on_builder_inited)
    # after every other extension has added its files to the page
    app.connect("html-page-context", filter_assets, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
