"""Exactly what changed in a page's text between two editions (the website only).

Readers of statutory guidance ask to see what changed, not a summary. For each page whose
text changed since the previous edition, the website gets a page of its own,
``changed-<page>.html``, with the words removed (``<del>``) and added (``<ins>``), each
mark labelled "removed:" or "added:" in visually hidden text so that a screen reader says
it. It is plain HTML made at build time: no script, nothing remembered about the reader.

- **Editions** are the releases of ``CHANGELOG.md`` (``## <version> - YYYY-MM-DD``). A
  release is found in the repository's history by its tag ``v<version>`` when there is
  one, else by the last commit (first parent, committer date) on or before the end of its
  day (UTC): what was published that day. The tree being built is "this edition" (the
  "Unreleased" section, dated by ``SOURCE_DATE_EPOCH``); it is compared with the newest
  release before it.
- **Text** is what a reader reads: each version's Markdown is parsed with the MyST parser's
  own markdown-it setup, markup is dropped (syntax, directive options, targets, comments,
  citations and data keys) and the words of each block are compared with :mod:`difflib`.
  Only the blocks with a change are shown.
- **Links**: the newest amendment line of a changed page ends with a link to its view; the
  list of amendments on "What has changed" is followed by the list of every page whose
  text changed (new pages are named as new). Both are web-only (the books carry the
  summary). The Welsh site shows the comparison of the English text, with a Welsh note
  saying so (the Welsh catalogues are not compared).
- **Without history** (a tarball, a shallow clone, a release whose commit is missing) the
  build goes on: the amendment lines and "What has changed" say the comparison cannot be
  shown, and the build log says why in one line.
- **Cost**: history is read once a build with one ``git cat-file --batch``; nothing is
  stored in a page's doctree, so no page is re-read. A page whose text and edition are the
  ones the last build compared (the same digests) is not parsed and compared again: its
  result is the last build's. The views are written again only when what goes into them
  changed (:func:`views_key`: their text, the site's navigation, the settings, templates,
  catalogues and static files) or one is missing; the pages that link to them are written
  again when what the links say changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import hashlib
import html
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.token import Token
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import _
from sphinx.util import logging

from handbook.translation import dates
from handbook.web.website_only import WEB_BUILDERS, WEB_ONLY_CLASS
from handbook.writing.review import amendments
from handbook.writing.review.changelog import Entry, parse_changelog

__version__: Final = "1.0.0"

logger = logging.getLogger(__name__)

#: the views' page names: ``changed-<docname>``
PREFIX: Final = "changed-"
#: the class of everything this feature adds to pages
CLASS: Final = "handbook-text-changes"
#: a block boundary in the word lists (never a word: words have no spaces)
BREAK: Final = " "
#: roles whose text is not the page's words: citations (numbers) and keys of the contact data
DATA_ROLES: Final = ("cite", "footcite", "contact", "phone")
#: roles whose text is a label: the reader sees the title of what it names instead
LABEL_ROLES: Final = frozenset({"ref", "doc", "numref", "any", "eq", "download"})
SPACE_BEFORE_PUNCTUATION: Final = re.compile(r"\s+([.,;:!?)\]])")
#: directives whose argument is not words a reader reads as written (the amendment's date)
NOT_TEXT_ARGUMENT: Final = frozenset({"amended"})
#: directives whose body is not prose a reader reads as written
NOT_PROSE: Final = frozenset(
    {
        "toctree",
        "graphviz",
        "digraph",
        "code-block",
        "code",
        "sourcecode",
        "raw",
        "math",
        "eval-rst",
        "bibliography",
        "include",
        "literalinclude",
        "changelog",
    }
)


# --- editions in the history ------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Edition:
    """A release of the changelog, and the commit that holds it (None: not in the history)."""

    version: str
    date: str  # ISO
    commit: str | None


@dataclasses.dataclass(frozen=True)
class Comparison:
    """What the build can say: the previous edition, or why there is none to compare with."""

    previous: Edition | None
    #: why nothing can be compared ("" when ``previous`` has a commit)
    missing: str
    #: docname -> "changed", "new" or "same"
    status: dict[str, str]
    #: docname -> the blocks to show: lists of (kind, word), kind "", "ins" or "del"
    blocks: dict[str, list[list[tuple[str, str]]]]
    #: docname -> the digests of the two texts compared (the edition's, this tree's), with
    #: the comparing code's: the same digests give the same blocks, so they are not made again
    digests: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def signature(self) -> tuple[Any, ...]:
        """What the links on other pages say (comparable across builds)."""
        return (self.previous, self.missing, sorted(self.status.items()), self.blocks)


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """Run git (no network, no pager); None if it is missing or fails."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_TERMINAL_PROMPT"] = "0"
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            input=stdin,
            capture_output=True,
            check=False,
            env=env,
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def version_of(entry: Entry) -> str:
    """``1.0.0`` from the heading ``1.0.0 - 2026-11-23``."""
    return entry.label.split(" - ")[0].split()[0]


def previous_release(entries: list[Entry]) -> Entry | None:
    """The release this tree is compared with: the newest dated one before this edition."""
    dated = [e for e in entries if e.date]
    if entries and not entries[0].date:  # "Unreleased": the tree is a new edition
        return dated[0] if dated else None
    return dated[1] if len(dated) > 1 else None  # the tree is the newest release itself


def locate(repo: Path, entry: Entry) -> str | None:
    """The release's commit: its tag ``v<version>``, else the last commit of its day (UTC)."""
    tag = _git(repo, "rev-parse", "-q", "--verify", f"refs/tags/v{version_of(entry)}^{{commit}}")
    if tag:
        return tag.decode().strip()
    found = _git(
        repo, "rev-list", "-1", "--first-parent", f"--before={entry.date} 23:59:59 +0000", "HEAD"
    )
    return found.decode().strip() or None if found else None


def read_blobs(repo: Path, commit: str, paths: list[str]) -> dict[str, str | None]:
    """Each path's text at the commit (None where it did not exist), with one git process."""
    request = "".join(f"{commit}:{path}\n" for path in paths).encode()
    out = _git(repo, "cat-file", "--batch", stdin=request)
    found: dict[str, str | None] = dict.fromkeys(paths)
    if out is None:
        return found
    at = 0
    for path in paths:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[path] = out[at : at + size].decode("utf-8", errors="replace")
            at += size + 1
    return found


# --- the text a reader reads ------------------------------------------------------------


@functools.cache
def _parser() -> MarkdownIt:
    """The MyST parser's markdown-it, with the extensions ``conf.py`` switches on."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    extensions = {"colon_fence", "deflist", "fieldlist", "attrs_inline", "attrs_block"}
    return create_md_parser(MdParserConfig(enable_extensions=extensions), RendererHTML)


def _inline_text(children: list[Token]) -> Iterator[str]:
    for child in children:
        if child.type in ("text", "code_inline"):
            yield child.content
        elif child.type in ("softbreak", "hardbreak"):
            yield " "
        elif child.type == "image":
            yield from _inline_text(child.children or [])
        elif child.type == "myst_role":
            name = str(child.meta.get("name", ""))
            if name.split(":")[0] in DATA_ROLES:
                continue
            content = child.content
            if content.endswith(">") and " <" in content:  # "title <target>"
                yield content.rsplit(" <", 1)[0]
            elif name.split(":")[-1] not in LABEL_ROLES:  # a label shows its target's title
                yield content


def _inline_words(children: list[Token]) -> list[str]:
    """The words of a paragraph; a dropped citation leaves no space before punctuation."""
    text = SPACE_BEFORE_PUNCTUATION.sub(r"\1", "".join(_inline_text(children)))
    return text.split()


def _directive_body(content: str) -> str:
    """The body without its options (``:key: value`` lines or a ``---`` YAML block)."""
    lines = content.splitlines()
    if lines and lines[0].strip() == "---":
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        lines = lines[end + 1 :]
    else:
        while lines and lines[0].startswith(":") and not lines[0].startswith("::"):
            lines = lines[1:]
    return "\n".join(lines)


def blocks_of(markdown: str) -> list[list[str]]:
    """The words a reader reads, block by block (paragraph, heading, list item, cell)."""
    blocks: list[list[str]] = []
    for token in _parser().parse(markdown):
        if token.type == "inline":
            words = _inline_words(token.children or [])
            if words:
                blocks.append(words)
        elif token.type in ("fence", "colon_fence"):
            info = token.info.strip()
            if not info.startswith("{"):
                if token.content.split():
                    blocks.append(token.content.split())  # code is read as written
                continue
            name, _sep, argument = info[1:].partition("}")
            if name.strip() in NOT_PROSE:
                continue
            if argument.split() and name.strip() not in NOT_TEXT_ARGUMENT:
                blocks.append(argument.split())
            blocks.extend(blocks_of(_directive_body(token.content)))
    return blocks


def _flat(blocks: list[list[str]]) -> list[str]:
    words: list[str] = []
    for block in blocks:
        words.extend([*block, BREAK])
    return words


def compare(old: str, new: str) -> list[list[tuple[str, str]]]:
    """The blocks of the new text that have a change, each a list of (kind, word)."""
    before, after = _flat(blocks_of(old)), _flat(blocks_of(new))
    stream: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            # a removed block boundary joins two blocks in the view
            stream.extend(("del", w) for w in before[a1:a2] if w != BREAK)
        if op in ("insert", "replace"):
            stream.extend(("ins", w) for w in after[b1:b2])
        if op == "equal":
            stream.extend(("", w) for w in after[b1:b2])
    shown: list[list[tuple[str, str]]] = []
    block: list[tuple[str, str]] = []
    for kind, word in stream:
        if word == BREAK:
            if any(k for k, _w in block):
                shown.append(block)
            block = []
        else:
            block.append((kind, word))
    if any(k for k, _w in block):
        shown.append(block)
    return shown


# --- the comparison, once a build ------------------------------------------------------


def _changelog(app: Sphinx) -> Path:
    return Path(app.srcdir, app.config.handbook_text_changes_changelog).resolve()


@functools.cache
def _code_digest() -> str:
    """What makes a comparison besides the two texts: this module and the parser's versions."""
    import markdown_it
    import myst_parser

    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(f"{markdown_it.__version__} {myst_parser.__version__}".encode())
    return digest.hexdigest()


def _pair_digest(before: str, after: str) -> str:
    digest = hashlib.sha256(_code_digest().encode())
    for text in (before, after):
        data = text.encode("utf-8")
        digest.update(b"%d\0" % len(data))
        digest.update(data)
    return digest.hexdigest()


def build_comparison(
    app: Sphinx, env: BuildEnvironment, last: Comparison | None = None
) -> Comparison:
    """Compare every Markdown page of the tree with the previous edition.

    ``last``: the last build's comparison; a page whose two texts have the digests it
    recorded keeps its result (the comparison is a function of the two texts)."""
    try:
        entries, _problems = parse_changelog(_changelog(app).read_text(encoding="utf-8"), "")
    except OSError:
        entries = []
    release = previous_release(entries)
    if release is None:
        return Comparison(None, "no earlier edition in the changelog", {}, {})
    srcdir = Path(app.srcdir).resolve()
    top = _git(srcdir, "rev-parse", "--show-toplevel")
    if top is None:
        edition = Edition(version_of(release), release.date, None)
        return Comparison(edition, "the build has no git history", {}, {})
    repo = Path(top.decode().strip()).resolve()
    commit = locate(repo, release)
    edition = Edition(version_of(release), release.date, commit)
    if commit is None:
        shallow = _git(repo, "rev-parse", "--is-shallow-repository") == b"true\n"
        why = "the clone is shallow" if shallow else "the history has no commit of that date"
        return Comparison(edition, why, {}, {})
    docnames = sorted(d for d in env.all_docs if env.doc2path(d).suffix == ".md")
    paths = {d: env.doc2path(d).resolve().relative_to(repo).as_posix() for d in docnames}
    old = read_blobs(repo, commit, list(paths.values()))
    status: dict[str, str] = {}
    shown: dict[str, list[list[tuple[str, str]]]] = {}
    digests: dict[str, str] = {}
    known = getattr(last, "digests", None) or {}
    for docname in docnames:
        before = old[paths[docname]]
        if before is None:
            status[docname] = "new"
            continue
        after = env.doc2path(docname).read_text(encoding="utf-8")
        digests[docname] = _pair_digest(before, after)
        if last is not None and known.get(docname) == digests[docname]:
            blocks = last.blocks.get(docname, [])
        else:
            blocks = compare(before, after)
        status[docname] = "changed" if blocks else "same"
        if blocks:
            shown[docname] = blocks
    return Comparison(edition, "", status, shown, digests)


def comparison(env: BuildEnvironment) -> Comparison | None:
    """This build's comparison (made when the environment was updated, web builds only)."""
    return getattr(env, "handbook_text_changes", None)


def update(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Compare once the pages are read; write again the pages whose links changed."""
    if app.builder.name not in WEB_BUILDERS:
        return []
    before = comparison(env)
    now = build_comparison(app, env, before)
    env.handbook_text_changes = now  # type: ignore[attr-defined]
    if now.missing:
        logger.info(
            "text changes: not shown, %s (%s)",
            now.missing,
            f"edition {now.previous.version}" if now.previous else "no edition",
        )
    else:
        changed = sum(1 for s in now.status.values() if s == "changed")
        logger.info(
            "text changes: %d page(s) changed since %s",
            changed,
            now.previous.version,  # type: ignore[union-attr]
        )
    if before is not None and before.signature == now.signature:
        return []
    amended = {a.docname for a in amendments.every_amendment(env)}
    listing = set(getattr(env, "handbook_amendment_lists", set()))
    return sorted((amended | listing) & env.all_docs.keys())


# --- what the pages say ----------------------------------------------------------------


def edition_name(edition: Edition, language: str | None) -> str:
    day = dates.long_date(dt.date.fromisoformat(edition.date), language)
    return _("edition %(version)s of %(date)s") % {"version": edition.version, "date": day}


def view_name(docname: str) -> str:
    return PREFIX + docname


def _line(app: Sphinx, docname: str, found: Comparison) -> nodes.paragraph | None:
    """The web-only sentence of a page: a link to its view, or what can be said instead."""
    para = nodes.paragraph(classes=[CLASS, WEB_ONLY_CLASS])
    if found.previous is None:
        return None
    edition = edition_name(found.previous, app.config.language)
    if found.missing:
        para += nodes.Text(
            _(
                "The exact changes to the text since %(edition)s cannot be shown: this copy of "
                "the handbook was built without its history."
            )
            % {"edition": edition}
        )
        return para
    state = found.status.get(docname)
    if state == "new":
        para += nodes.Text(_("New page since %(edition)s.") % {"edition": edition})
    elif state == "same":
        para += nodes.Text(_("No change to the text since %(edition)s.") % {"edition": edition})
    elif state == "changed":
        uri = app.builder.get_relative_uri(docname, view_name(docname))
        text = _("See exactly what changed in the text since %(edition)s") % {"edition": edition}
        para += nodes.reference("", text, refuri=uri, internal=True)
    else:
        return None
    return para


def link_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The amendment line links to the page's view; "What has changed" lists every view."""
    found = comparison(app.env)
    if app.builder.name not in WEB_BUILDERS or found is None:
        return
    for box in doctree.findall(nodes.container):
        if "handbook-amended" in box["classes"]:
            line = _line(app, docname, found)
            if line is not None:
                box += line
            break  # the newest line only
    for section in doctree.findall(nodes.section):
        if amendments.LIST_CLASS in section["classes"]:
            section += _listing(app, docname, found)
            break


def _listing(app: Sphinx, here: str, found: Comparison) -> list[nodes.Node]:
    """The paragraph and list of changed pages on "What has changed" (web only)."""
    classes = [CLASS, WEB_ONLY_CLASS]
    if found.previous is None:
        return []
    edition = edition_name(found.previous, app.config.language)
    intro = nodes.paragraph(classes=classes)
    if found.missing:
        intro += nodes.Text(
            _(
                "The exact changes to the text since %(edition)s cannot be shown: this copy of "
                "the handbook was built without its history."
            )
            % {"edition": edition}
        )
        return [intro]
    intro += nodes.Text(
        _("Exactly what changed in the words of each page since %(edition)s:")
        % {"edition": edition}
    )
    listing = nodes.bullet_list(classes=classes)
    same = 0
    for title, docname, state in sorted(
        (_title(app.env, docname), docname, state) for docname, state in found.status.items()
    ):
        item = nodes.paragraph()
        if state == "changed":
            uri = app.builder.get_relative_uri(here, view_name(docname))
            item += nodes.reference("", title, refuri=uri, internal=True)
            count = _counts(found.blocks[docname])
            item += nodes.Text(" (" + count + ")")
        elif state == "new":
            item += nodes.Text(_("%(title)s (a new page)") % {"title": title})
        else:
            same += 1
            continue
        listing += nodes.list_item("", item)
    result: list[nodes.Node] = [intro]
    if listing.children:
        result.append(listing)
    if same:
        end = _("The text of the other %(count)d pages has not changed.") % {"count": same}
        result.append(nodes.paragraph(end, end, classes=classes))
    return result


def _title(env: BuildEnvironment, docname: str) -> str:
    title_node = env.titles.get(docname)
    return title_node.astext() if title_node else docname


def _counts(blocks: list[list[tuple[str, str]]]) -> str:
    added = sum(1 for block in blocks for kind, _w in block if kind == "ins")
    removed = sum(1 for block in blocks for kind, _w in block if kind == "del")
    return _("%(added)d words added, %(removed)d removed") % {"added": added, "removed": removed}


def _view_body(app: Sphinx, docname: str, found: Comparison, title: str) -> str:
    """The view's HTML: what is compared, how the marks read, the changed blocks."""
    assert found.previous is not None
    esc = html.escape
    language = app.config.language
    edition = edition_name(found.previous, language)
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    built = dates.long_date(dt.datetime.fromtimestamp(epoch, dt.UTC).date(), language)
    back = app.builder.get_relative_uri(view_name(docname), docname)
    heading = _("What changed in the text of “%(title)s”") % {"title": title}
    parts = [f'<section id="{CLASS}" class="{CLASS}">', f"<h1>{esc(heading)}</h1>"]
    parts.append(
        "<p>"
        + esc(
            _("The words of %(edition)s compared with this edition (built %(built)s).")
            % {"edition": edition, "built": built}
        )
        + " "
        + esc(_("Words added are underlined; words removed are struck through."))
        + " "
        + esc(_("Only the paragraphs with a change are shown:"))
        + " "
        + esc(_counts(found.blocks[docname]))
        + ".</p>"
    )
    source_language = getattr(app.config, "handbook_source_language", None) or language
    lang_attr = note_lang = ""
    if language != source_language:
        languages = getattr(app.config, "handbook_languages", None) or {}
        code = languages.get(source_language, {}).get("hreflang", "en")
        lang_attr = f' lang="{esc(code)}"'
        own = languages.get(language, {}).get("hreflang", language)
        note_lang = f' lang="{esc(own)}"'  # the hidden "added:" is in the page's language
        parts.append(
            "<p>"
            + esc(
                _(
                    "This compares the English text of the page: the English version is the "
                    "authoritative one."
                )
            )
            + "</p>"
        )
    added, removed = esc(_("added:")), esc(_("removed:"))
    parts.append(f'<div class="{CLASS}-text"{lang_attr}>')
    for block in found.blocks[docname]:
        html_words: list[str] = []
        run: list[str] = []
        kind = ""
        for word_kind, word in [*block, ("end", "")]:
            if word_kind != kind and run:
                words = esc(" ".join(run))
                if kind == "ins":
                    html_words.append(
                        f'<ins><span class="{CLASS}-note"{note_lang}>{added} </span>{words}</ins>'
                    )
                elif kind == "del":
                    html_words.append(
                        f'<del><span class="{CLASS}-note"{note_lang}>{removed} </span>{words}</del>'
                    )
                else:
                    html_words.append(words)
                run = []
            kind = word_kind
            run.append(word)
        parts.append("<p>" + " ".join(html_words) + "</p>")
    parts.append("</div>")
    parts.append(
        f'<p><a href="{esc(back)}">'
        + esc(_("Back to the page: %(title)s") % {"title": title})
        + "</a></p>"
    )
    parts.append("</section>")
    return "\n".join(parts)


#: beside the doctrees: the key (:func:`views_key`) of the views the last build wrote
VIEWS_KEY_FILE: Final = "handbook-text-changes-views.key"


def _add(digest: Any, *parts: object) -> None:
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        digest.update(b"%d\0" % len(data))
        digest.update(data)


def views_key(app: Sphinx, pages: list[tuple[str, dict[str, Any]]]) -> str | None:
    """A digest of everything the views are made of, or None when it cannot be told.

    The views have no source: a view is its title and body (the comparison, the titles,
    the build's date and language) in the site's page template, with the site's navigation
    (every page's title), its settings and tags, its templates, the catalogues of its
    language and the static files the page links (their checksums) and cuts its styles
    from. With the same key the views would come out the same bytes, so a build that
    reads a page (an edit of one page) need not write them all again: each costs a page's
    templates and handlers, about a third of a one-page rebuild for the fifteen views."""
    import sphinx
    from sphinx.builders.html._build_info import BuildInfo
    from sphinx.util.i18n import CatalogRepository

    builder: Any = app.builder
    local_toctree = getattr(builder, "_get_local_toctree", None)
    templates = getattr(builder, "templates", None)
    if not pages or local_toctree is None or templates is None:
        return None
    digest = hashlib.sha256()
    _add(digest, __version__, sphinx.__version__, builder.name, builder.outdir)
    _add(digest, os.environ.get("SOURCE_DATE_EPOCH", ""), app.config.language)
    for name, context in pages:
        _add(digest, name, context["title"], context["body"])
    # the menu, as the theme asks for it (furo: every level, titles only, hidden entries)
    _add(
        digest,
        local_toctree(
            pages[0][0], collapse=False, titles_only=True, maxdepth=-1, includehidden=True
        ),
    )
    _add(digest, *sorted(app.env.all_docs))  # what the page's head links (about, index)
    # the settings as Sphinx compares them: its own build info (the pages' settings, as they
    # were when the builder started: an extension's static folder added later is a path
    # that differs with how Python was started, and the files are in the key below) and
    # the settings whose change has every page read again
    info = getattr(builder, "build_info", None)
    if info is None:
        return None
    env_info = BuildInfo(app.config, None, frozenset({"env"}))
    _add(digest, info.config_hash, info.tags_hash, env_info.config_hash)
    _add(digest, templates.newest_template_mtime())
    catalogues = CatalogRepository(
        app.srcdir, app.config.locale_dirs, app.config.language, app.config.source_encoding
    )
    for catalogue in catalogues.catalogs:
        mo = Path(catalogue.mo_path)
        _add(digest, mo, mo.read_bytes() if mo.is_file() else b"")
    static = Path(builder.outdir, "_static")
    for path in sorted(static.rglob("*")) if static.is_dir() else []:
        if path.is_file():
            _add(digest, path.relative_to(static).as_posix(), path.read_bytes())
    return digest.hexdigest()


def _key_file(app: Sphinx) -> Path:
    return Path(app.doctreedir, VIEWS_KEY_FILE)


def views_are_current(app: Sphinx, key: str | None, names: list[str]) -> bool:
    """True when the last build wrote views with this key and every view is there."""
    if key is None:
        return False
    try:
        last = _key_file(app).read_text(encoding="utf-8")
    except OSError:
        return False
    builder: Any = app.builder
    return last == key and all(Path(builder.get_outfilename(name)).is_file() for name in names)


def collect_views(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """One view a changed page, written with the site's page template."""
    found = comparison(app.env)
    if app.builder.name not in WEB_BUILDERS or found is None or found.missing:
        return
    pages: list[tuple[str, dict[str, Any]]] = []
    for docname in sorted(found.blocks):
        title = _title(app.env, docname)
        heading = _("What changed in the text of “%(title)s”") % {"title": title}
        context = {
            "title": heading,
            "body": _view_body(app, docname, found, title),
            "handbook_text_changes_of": docname,
            # furo's "edit" and "view source" buttons: a view has no source file of its own
            "theme_top_of_page_buttons": [],
        }
        pages.append((view_name(docname), context))
    key = views_key(app, pages)
    if views_are_current(app, key, [name for name, _context in pages]):
        logger.info("text changes: the views are up to date")
        return
    _key_file(app).unlink(missing_ok=True)
    for name, context in pages:
        yield name, context, "page.html"
    if key is not None:  # every view written
        _key_file(app).write_text(key, encoding="utf-8")


def check_names(app: Sphinx, env: BuildEnvironment) -> None:
    """A page whose name a view would take is an error at the page."""
    for docname in env.found_docs:
        if docname.startswith(PREFIX) and docname[len(PREFIX) :] in env.found_docs:
            logger.warning(
                "text changes: the page name %r is taken by the view of %r",
                docname,
                docname[len(PREFIX) :],
                location=docname,
                type="handbook",
                subtype="text_changes",
            )


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the setting and the events."""
    app.setup_extension("handbook.translation.dates")
    app.add_config_value("handbook_text_changes_changelog", "../CHANGELOG.md", "html", str)
    # after the amendment list's own rewrite check
    app.connect("env-updated", update, priority=600)
    app.connect("env-check-consistency", check_names)
    app.connect("doctree-resolved", link_pages)
    app.connect("html-collect-pages", collect_views)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
