"""Search that finds Welsh words on the Welsh site.

Sphinx has no Welsh search language and would fall back to English: its English stop
words leave common Welsh words out of the index ("a", "i", "am", "at" are Welsh words too),
and its Porter stemmer applies English endings to Welsh words ("cymuned" is indexed as
"cymun"). Snowball has no Welsh stemmer, so Welsh words are indexed whole, lower-cased,
with no stop words: a reader finds a page by any word on it, mutated forms as written.

The search page's script says how many pages it found with a message that Sphinx's own
Welsh catalogue leaves empty; the site's ``_static/translations.js`` gets the handbook's
translation of it (``locales/<language>/LC_MESSAGES/sphinx.po``), with that catalogue's
plural rule.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

from handbook.translation.interface import SEARCH_MESSAGES
from handbook.translation.settings import is_translation
from handbook.web.website_only import WEB_BUILDERS

SCRIPT_START = "Documentation.addTranslations("


class SearchWelsh(SearchLanguage):
    """Whole Welsh words, no stemming and no stop words."""

    lang = "cy"
    language_name = "Welsh"

    def stem(self, word: str) -> str:
        return word.lower()


def translate_search_messages(app: Sphinx, exception: Exception | None) -> None:
    """Give the site's script the handbook's translation of the search page's messages."""
    if exception is not None or app.builder.name not in WEB_BUILDERS:
        return
    if not is_translation(app.config):
        return
    script = Path(app.outdir, "_static", "translations.js")
    catalogue_file = next(
        (
            Path(app.srcdir, d, app.config.language, "LC_MESSAGES", "sphinx.po")
            for d in app.config.locale_dirs
            if Path(app.srcdir, d, app.config.language, "LC_MESSAGES", "sphinx.po").is_file()
        ),
        None,
    )
    if catalogue_file is None:
        return
    with catalogue_file.open("rb") as stream:
        catalogue = read_po(stream)
    wanted = {singular for singular, _plural in SEARCH_MESSAGES}
    ours: dict[str, list[str]] = {}
    for message in catalogue:
        forms = message.string
        if (
            isinstance(message.id, tuple)
            and message.id[0] in wanted
            and isinstance(forms, tuple)
            and all(forms)
            and not message.fuzzy
        ):
            ours[str(message.id[0])] = list(forms)
    if not ours:
        return
    data: dict[str, Any] = {"locale": app.config.language, "messages": {}}
    if script.is_file():
        text = script.read_text(encoding="utf-8").strip()
        data = json.loads(text.removeprefix(SCRIPT_START).removesuffix(");"))
    # Sphinx's own plural messages follow Sphinx's plural rule: the rule changes to the
    # handbook's, so only the handbook's plural messages stay
    messages = {k: v for k, v in data["messages"].items() if not isinstance(v, list)}
    messages.update(ours)
    data.update(messages=messages, plural_expr=catalogue.plural_expr)
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(
        SCRIPT_START + json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + ");\n",
        encoding="utf-8",
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(SearchWelsh)
    app.connect("build-finished", translate_search_messages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
