"""Check a translation's catalogues before it is built: a fault names the file and line.

Sphinx reads ``.po`` files leniently: Babel prints a syntax error and goes on, and a
translated message whose roles or links differ from the original is parsed as it is, so a
mistyped ``{doc}`` target or a dropped placeholder would reach readers as broken or
missing text. Before a translated build, every catalogue of its language is read here:

- a syntax error fails the build, with the file and line: each line must be a comment, a
  keyword with a quoted string, or a quoted continuation (Babel accepts an unclosed quote
  and drops a character), and Babel must read the file with ``abort_invalid``;
- Babel's own checks (a placeholder the original lacks, plural forms), and every
  ``%(name)s`` placeholder kept (Babel lets a translation leave one out);
- a plural rule (``Plural-Forms``) is a plain expression in ``n``: the website's scripts run
  it as JavaScript, and the site's Content-Security-Policy allows no ``eval``;
- each translated message keeps the original's markup: the same roles with the same
  targets (a ``{term}`` may name the translated glossary term, a ``{tbc}`` note is
  translated, so only their number must match), the same link targets and the same
  ``{name}`` placeholders.

Each fault is a warning located at ``file:line``; warnings are errors in every build.
"""

from __future__ import annotations

import gettext
import re
from collections import Counter
from pathlib import Path
from typing import Any, Final

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po
from sphinx.application import Sphinx
from sphinx.util import logging

from handbook.translation.settings import is_translation

logger = logging.getLogger(__name__)

#: ``{role}`content``: MyST's role syntax
ROLE: Final = re.compile(r"\{([A-Za-z][\w:.+-]*)\}`([^`]*)`")
#: roles whose content is the translator's text, not a target: only their number counts
#: (a translated ``{term}`` keeps its English target: ``{term}`CRhB <CSE>```)
FREE_ROLES: Final = frozenset({"tbc", "abbr", "sub", "sup", "kbd"})
#: ``[text](target)``: a Markdown link's target
LINK: Final = re.compile(r"\]\(([^)\s]+)\)")
#: a message that is one cross-reference and nothing else
LINK_TITLE: Final = re.compile(r"\{(?:doc|ref)\}`[^`]*<[^<>`]+>`")
#: ``<https://...>``: an autolink
AUTOLINK: Final = re.compile(r"<((?:https?|mailto|tel):[^>\s]+)>")
#: the lines a catalogue may have besides comments and blank lines (the PO grammar)
PO_LINE: Final = re.compile(
    r'^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?"(?:[^"\\]|\\.)*"[ \t]*$'
)
#: ``%(name)s``, ``%s``: a printf-style placeholder of a ``python-format`` message
PRINTF: Final = re.compile(r"%(?:\((\w+)\))?[#0 +-]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa])")
#: ``{name}``: a str.format placeholder in an interface string (not a role: no backtick)
PLACEHOLDER: Final = re.compile(r"(?<![\w}])\{(\w*)\}(?!`)")


def role_target(content: str) -> str:
    """``text <target>`` or ``target``: what a role points at."""
    match = re.search(r"<([^<>]+)>\s*$", content)
    return (match.group(1) if match else content).strip()


def markup(text: str) -> Counter[str]:
    """The parts of a message a translation must keep, as a multiset."""
    found: Counter[str] = Counter()
    for name, content in ROLE.findall(text):
        found[f"{{{name}}}" if name in FREE_ROLES else f"{{{name}}}`{role_target(content)}`"] += 1
    found.update(f"link to {target}" for target in LINK.findall(text))
    found.update(f"<{target}>" for target in AUTOLINK.findall(ROLE.sub("", text)))
    found.update(f"placeholder {{{name}}}" for name in PLACEHOLDER.findall(ROLE.sub("", text)))
    return found


def markup_faults(message: Message) -> list[str]:
    """What a translated message lost or gained of its original's markup."""
    original = str(message.id)
    translated = message.string if isinstance(message.string, str) else ""
    if not translated or message.fuzzy:
        return []
    before, after = markup(original), markup(translated)
    if not before and LINK_TITLE.fullmatch(translated.strip()):
        # a title that is all link ({doc}`text <page>`) is extracted as its bare text;
        # the translation gives the whole role back (sphinx-design's card titles)
        return []
    if message.python_format:  # Babel lets a translation leave a named one out
        before.update(f"placeholder {m.group(0)}" for m in PRINTF.finditer(original))
        after.update(f"placeholder {m.group(0)}" for m in PRINTF.finditer(translated))
    faults = [f"the translation drops {part}" for part in sorted(before - after)]
    faults += [f"the translation adds {part}" for part in sorted(after - before)]
    return faults


#: a plural rule that is also plain JavaScript: ``n``, numbers, comparisons, ``%``, ``&&``,
#: ``||``, ``!``, ``? :`` and brackets; nothing that could call, assign or name anything else
PLURAL_RULE: Final = re.compile(r"[n0-9\s()?:%<>=!&|]+")


def plural_rule_faults(po_file: Path, catalogue: Catalog) -> list[tuple[int, str]]:
    """The catalogue's own plural rule, if it gives one, must be a plain expression in n."""
    lines = po_file.read_text(encoding="utf-8").splitlines()
    line = next((n for n, text in enumerate(lines, 1) if '"Plural-Forms:' in text), None)
    if line is None:
        return []
    rule = catalogue.plural_expr
    try:
        gettext.c2py(rule)
    except (ValueError, SyntaxError, RecursionError) as err:
        return [(line, f"the plural rule {rule!r} is not a valid expression: {err}")]
    if not PLURAL_RULE.fullmatch(rule):
        return [(line, f"the plural rule {rule!r} is not a plain expression in n")]
    return []


def syntax_faults(po_file: Path) -> list[tuple[int, str]]:
    """Lines that are neither comments nor well-formed keyword or string lines."""
    faults = []
    text = po_file.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not PO_LINE.match(stripped):
            faults.append((number, f"not a valid catalogue line: {stripped[:60]!r}"))
    return faults


def check_catalogue(po_file: Path, language: str) -> list[tuple[int, str]]:
    """Every fault of one catalogue, as (line, description)."""
    try:
        if bad_lines := syntax_faults(po_file):
            return bad_lines
        with po_file.open("rb") as stream:
            catalogue: Catalog = read_po(stream, locale=language, abort_invalid=True)
    except PoFileError as err:
        match = re.search(r"line (\d+)", str(err))
        return [(int(match.group(1)) if match else 1, f"not a valid catalogue: {err}")]
    except (UnicodeDecodeError, ValueError) as err:
        return [(1, f"not a valid catalogue: {err}")]
    faults = plural_rule_faults(po_file, catalogue)
    for message, errors in catalogue.check():
        faults += [(message.lineno or 1, f"{message.id!r}: {error}") for error in errors]
    for message in catalogue:
        if message.id:
            faults += [
                (message.lineno or 1, f"{message.id!r}: {fault}")
                for fault in markup_faults(message)
            ]
    return sorted(faults)


def find_catalogue(app: Sphinx, language: str, domain: str) -> Path | None:
    """The ``<domain>.po`` of a language, from the first of ``locale_dirs`` that has one."""
    for directory in app.config.locale_dirs:
        po_file = Path(app.srcdir, directory, language, "LC_MESSAGES", f"{domain}.po")
        if po_file.is_file():
            return po_file
    return None


def catalogue_files(app: Sphinx, language: str) -> list[Path]:
    """Every ``.po`` file of a language in the project's ``locale_dirs``."""
    files: list[Path] = []
    for directory in app.config.locale_dirs:
        files += sorted(Path(app.srcdir, directory, language, "LC_MESSAGES").glob("*.po"))
    return files


def check_catalogues(app: Sphinx) -> None:
    """Before a translated build: report every fault of its catalogues, located."""
    if not is_translation(app.config):
        return
    for po_file in catalogue_files(app, app.config.language):
        where = po_file.resolve()
        for line, fault in check_catalogue(po_file, app.config.language):
            logger.warning(
                "%s", fault, location=f"{where}:{line}", type="handbook", subtype="catalogue"
            )


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("handbook.translation.settings")
    app.connect("builder-inited", check_catalogues)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
