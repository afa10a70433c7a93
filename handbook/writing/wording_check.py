"""Check my wording: the language list as a page, and a checker in the reader's browser.

Records about exploited children still carry language that blames the child. The list of
such phrases (``source/_data/language.yaml``, read by :mod:`handbook.writing.language`) is
the one the handbook's own prose check uses, so writers and readers get the same answers:

- ``wording-rules`` lists every entry, for every builder (HTML, ePub, PDF): the phrase and
  its forms, why it blames the child, what to write instead and its source (a citation;
  an entry whose source states only the principle carries a "to be confirmed" marker).
- ``wording-checker`` puts on the website only a box where a practitioner pastes a draft;
  ``wording_static/wording-check.js`` marks each phrase in it, with why, instead and
  source, in a list a screen reader reaches and a status line that says how many. It runs
  entirely in the browser: the text is never sent, never stored (no cookie, no storage, no
  form that can submit, nothing in the address) and is cleared by the quick exit and when
  the page is left. Without JavaScript only a note shows; the list above still holds it all.
- Each web build writes ``_static/wording-rules.js``: the compiled entries (the pattern, made
  by :func:`handbook.writing.language.js_pattern` from the same expression Python uses, the
  phrase, why, instead, source), so the two cannot drift. No inline script: the
  Content-Security-Policy allows only the site's own files.

Tests: ``tests/test_wording_check.py``.
"""

from __future__ import annotations

import hashlib
import html
import json
import shutil
from pathlib import Path
from typing import Any, Final

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective

from handbook.web.website_only import WEB_BUILDERS, WEB_ONLY_CLASS

from . import fingerprint, language
from .language import Phrase, _expand, js_pattern

__version__: Final = "1.0.0"

STATIC: Final = Path(__file__).parent / "wording_static"
SCRIPT: Final = "wording-check.js"
STYLESHEET: Final = "wording-check.css"
DATA: Final = "wording-rules.js"
CHECKER_ID: Final = "handbook-wording"


def phrases_of(app: Sphinx) -> list[Phrase]:
    """The language list, as the handbook's own prose check reads it (one read a build)."""
    return language.phrases_of(app)


def welsh(config: Any) -> bool:
    return (config.language or "en").replace("-", "_").split("_")[0] == "cy"


def readable_form(form: str) -> str:
    """ "{young|teenage} prostitute" as "young prostitute, teenage prostitute"."""
    return ", ".join(_expand(form))


# --- the list (every edition) --------------------------------------------------------------


class WordingRulesDirective(SphinxDirective):
    """``wording-rules``: every entry of the language list, with why, instead and source."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(Path(self.env.srcdir) / self.config.handbook_language_file))
        phrases = phrases_of(self.env._app)
        if not phrases:
            raise self.error("the language list is empty or not loaded")
        in_english = ["lang-en-GB"] if welsh(self.config) else []
        items = nodes.bullet_list(classes=["handbook-wording-rules"])
        for phrase in phrases:
            item = nodes.list_item(classes=["handbook-wording-rule"])
            item["ids"].append(f"wording-{nodes.make_id(phrase.phrase)}")
            name = nodes.paragraph(classes=["handbook-wording-phrase"], translatable=False)
            name += nodes.strong(
                "", "", nodes.inline(phrase.phrase, phrase.phrase, classes=in_english)
            )
            item += name
            forms = "; ".join(readable_form(f) for f in phrase.forms)
            item += self._line(_("Looks for"), forms, in_english)
            item += self._line(_("Why"), phrase.why, in_english)
            item += self._line(_("Instead"), phrase.suggestion, in_english)
            source = nodes.paragraph(classes=["handbook-wording-source"], translatable=False)
            source += nodes.Text(_("Source") + ": ")
            cite, messages = self.parse_inline(f"{{cite:p}}`{phrase.source}`")
            source += [*cite, *messages]
            if phrase.support == "principle":
                note = _(
                    "the source states the principle; this phrase is not yet confirmed against it"
                )
                marker, messages = self.parse_inline(f"{{tbc}}`{note}`")
                source += [nodes.Text(" "), *marker, *messages]
            source += nodes.Text(".")
            item += source
            items += item
        return [items]

    @staticmethod
    def _line(label: str, text: str, classes: list[str]) -> nodes.paragraph:
        para = nodes.paragraph(classes=["handbook-wording-line"], translatable=False)
        para += nodes.Text(label + ": ")
        para += nodes.inline(text, text, classes=classes)
        return para


# --- the checker (website only) ------------------------------------------------------------


class wording_checker(nodes.General, nodes.Element):
    """Where the checker goes; markup on the website, nothing elsewhere."""


class WordingCheckerDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        node = wording_checker()
        self.set_source_info(node)
        return [node]


def messages() -> dict[str, str]:
    """What the checker says, in the build's language (``data-i18n-*``)."""
    return {
        "none": _("No phrase from the list was found. Read your draft again all the same."),
        "one": _("1 phrase to look at. Each is marked in your text and listed below."),
        "many": _("%(count)s phrases to look at. Each is marked in your text and listed below."),
        "empty": _("There is no text to check."),
        "cleared": _("The text has been cleared."),
        "why": _("Why"),
        "instead": _("Instead"),
        "source": _("Source"),
        "unconfirmed": _("to be confirmed: the source states the principle only"),
        "mark": _("phrase %(number)s"),
    }


def checker_html() -> str:
    attrs = " ".join(f'data-i18n-{key}="{html.escape(text)}"' for key, text in messages().items())
    nojs = _(
        "The checker needs JavaScript, which is switched off in this browser. "
        "Every phrase it looks for is in the list on this page."
    )
    label = _("Your draft: paste or type it here")
    hint = _("It stays in this browser: it is not sent anywhere and not saved.")
    check = _("Check my wording")
    clear = _("Clear the text")
    marked = _("Your text, with each phrase marked")
    found = _("Phrases to look at")
    return (
        f'<div class="{CHECKER_ID} {WEB_ONLY_CLASS}" id="{CHECKER_ID}" {attrs}>\n'
        f'<p class="{CHECKER_ID}__nojs">{html.escape(nojs)}</p>\n'
        f'<div class="{CHECKER_ID}__tool" hidden>\n'
        f'<label for="{CHECKER_ID}-text">{html.escape(label)}</label>\n'
        f'<p class="{CHECKER_ID}__hint" id="{CHECKER_ID}-hint">{html.escape(hint)}</p>\n'
        f'<textarea id="{CHECKER_ID}-text" class="{CHECKER_ID}__text" rows="10" '
        f'aria-describedby="{CHECKER_ID}-hint" autocomplete="off" spellcheck="false" '
        'autocapitalize="off" data-gramm="false" data-enable-grammarly="false" '
        'data-lt-active="false"></textarea>\n'
        f'<p class="{CHECKER_ID}__buttons">'
        f'<button type="button" class="{CHECKER_ID}__check">{html.escape(check)}</button> '
        f'<button type="button" class="{CHECKER_ID}__clear">{html.escape(clear)}</button></p>\n'
        f'<p class="{CHECKER_ID}__status" role="status" aria-live="polite"></p>\n'
        f'<div class="{CHECKER_ID}__output" hidden>\n'
        f'<p class="{CHECKER_ID}__heading"><strong>{html.escape(marked)}</strong></p>\n'
        f'<div class="{CHECKER_ID}__marked"></div>\n'
        f'<p class="{CHECKER_ID}__heading"><strong>{html.escape(found)}</strong></p>\n'
        f'<ol class="{CHECKER_ID}__results"></ol>\n'
        "</div>\n</div>\n</div>\n"
    )


def render_checker(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    on_web = app.builder.name in WEB_BUILDERS
    for node in list(doctree.findall(wording_checker)):
        if on_web:
            node.replace_self(nodes.raw("", checker_html(), format="html"))
        else:
            node.parent.remove(node)


# --- the compiled rules for the browser ----------------------------------------------------


def source_texts(app: Sphinx) -> dict[str, str]:
    """Each bibliography key as "author, title (year)", for the checker's results."""
    from pybtex.database import parse_file

    texts: dict[str, str] = {}
    for name in getattr(app.config, "bibtex_bibfiles", None) or []:
        data = parse_file(name, "bibtex")
        for key, entry in data.entries.items():
            fields = {k.lower(): " ".join(str(v).replace("{", "").replace("}", "").split())
                      for k, v in entry.fields.items()}  # fmt: skip
            year = fields.get("year") or fields.get("date", "")[:4]
            year = "" if year == "n.d." else year
            people = entry.persons.get("author", [])
            who = " ".join(str(p) for p in people).replace("{", "").replace("}", "")
            who = who or fields.get("organization", "")
            texts[key] = f"{who}, {fields.get('title', key)}" + (f" ({year})" if year else "")
    return texts


def rules_data(phrases: list[Phrase], sources: dict[str, str]) -> dict[str, Any]:
    """The compiled list as the page's script reads it."""
    return {
        "flags": "giu",
        "rules": [
            {
                "phrase": p.phrase,
                "pattern": js_pattern(p),
                "why": p.why,
                "suggestion": p.suggestion,
                "source": p.source,
                "sourceText": sources.get(p.source, p.source),
                "support": p.support,
            }
            for p in phrases
        ],
    }


def rules_inputs(app: Sphinx) -> str:
    """A digest of what the compiled rules are made of: the language list, the
    bibliography (the sources' names), and the code that compiles them."""
    files = [language.data_path(app), Path(language.__file__), Path(__file__)]
    files += [Path(name) for name in getattr(app.config, "bibtex_bibfiles", None) or []]
    return fingerprint(files)


def write_static(app: Sphinx) -> None:
    """The script, its styles and the compiled rules, into the site's ``_static``, before
    the pages are written (so that Sphinx gives their links a checksum).

    The rules are compiled again only when what they are made of changed since the build
    that wrote them (:func:`rules_inputs`) or the file written is not that build's: parsing
    the bibliography for the sources' names and compiling the list cost a one-page rebuild
    about 0.05 s. The prose check reads the list itself when a page is read."""
    if app.builder.name not in WEB_BUILDERS:
        return
    static = Path(app.builder.outdir, "_static")
    static.mkdir(parents=True, exist_ok=True)
    for name in (SCRIPT, STYLESHEET):
        shutil.copyfile(STATIC / name, static / name)
    target = static / DATA
    key = rules_inputs(app)
    written = getattr(app.env, "handbook_wording_rules", None)
    if (
        written is not None
        and written[0] == key
        and target.is_file()
        and hashlib.sha256(target.read_bytes()).hexdigest() == written[1]
    ):
        return
    data = rules_data(phrases_of(app), source_texts(app))
    text = json.dumps(data, ensure_ascii=False, indent=1)
    content = (
        "/* Made by handbook/writing/wording_check.py from source/_data/language.yaml: "
        "do not edit. */\nwindow.handbookWordingRules = " + text + ";\n"
    )
    target.write_text(content, encoding="utf-8")
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
    app.env.handbook_wording_rules = (key, digest)  # type: ignore[attr-defined]


def add_page_files(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The checker's files on the page that has it, and on no other."""
    if app.builder.name not in WEB_BUILDERS:
        return
    if f'id="{CHECKER_ID}"' in (context.get("body") or ""):
        builder: Any = app.builder
        builder.add_css_file(STYLESHEET, priority=500)
        builder.add_js_file(DATA, priority=500, defer="defer")
        builder.add_js_file(SCRIPT, priority=501, defer="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the two directives, the checker's node and its files."""
    app.setup_extension("handbook.writing.language")
    app.add_node(wording_checker)
    app.add_directive("wording-rules", WordingRulesDirective)
    app.add_directive("wording-checker", WordingCheckerDirective)
    app.connect("doctree-resolved", render_checker)
    # after handbook.writing.language has read the list (builder-inited, priority 500)
    app.connect("builder-inited", write_static, priority=700)
    app.connect("html-page-context", add_page_files)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
