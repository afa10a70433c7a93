"""Offline on request: a reader may keep the handbook on their device, and remove it.

A practitioner on a home visit may have no signal; a reader who may need the quick exit
must not find the handbook left behind on a shared phone. So the site stores nothing on a
device until the reader asks. The ``offline-control`` directive (on ``source/offline.md``)
puts on that page, on the website only, a "Keep this handbook on this device" button, a
"Remove it from this device" button and a status line; ``offline_static/offline.js``
registers the service worker only when the first is pressed, and the second unregisters
every worker of the handbook on the site and deletes every cache they made. The
registration is the only state: no cookie, no localStorage. Without JavaScript the control
says that offline use needs it.

At the end of each web build (``build-finished``, after the other extensions have written
their files: the feed, the Welsh search messages, the downloads), this writes
``offline-worker.js`` at the root of the language's site (English at ``/``, Welsh at
``/cy/``, each its own scope): ``offline_static/offline-worker.js`` with the list of every
file of that site, relative to the worker, and its version (the release, the build's date
in the language, and a hash of every listed file's name and content). Left out: the other
languages' folders, hidden files, source maps, ``objects.inv`` and the downloadable books
(``handbook_offline_exclude``: editions of their own, twice the size of the rest). A new
build changes the hash, so the worker's script changes and the browser, when online,
installs the new version whole before it replaces the old one.

The ePub and the PDF have no control and no worker: the directive leaves nothing in them,
and only ``handbook_offline_builders`` get the worker. Tests: ``tests/test_offline.py``.
"""

from __future__ import annotations

import fnmatch
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
from sphinx.util.osutil import relative_uri

from handbook.editions.metadata import edition_date
from handbook.web.website_only import WEB_BUILDERS, WEB_ONLY_CLASS

__version__: Final = "1.0.0"

STATIC: Final = Path(__file__).parent / "offline_static"
#: the service worker, at the root of each language's site (its scope)
WORKER: Final = "offline-worker.js"
#: what the template holds where the list and the version go
PLACEHOLDER: Final = '"__HANDBOOK_OFFLINE__"'
PAGE_FILES: Final = ("offline.js", "offline.css")
CONTROL_CLASS: Final = "handbook-offline"
#: files of the site that the offline copy leaves out, as paths relative to its root
DEFAULT_EXCLUDE: Final = [".*", "*/.*", "*.map", "objects.inv", "downloads/*", "_downloads/*"]


class offline_control(nodes.General, nodes.Element):
    """Where the control goes; made into markup for the website, nothing elsewhere."""


class OfflineControlDirective(SphinxDirective):
    """``offline-control``: the buttons and status line of the offline copy."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = offline_control()
        self.set_source_info(node)
        return [node]


def messages() -> dict[str, str]:
    """What the control says, by state, in the build's language (``data-i18n-*``)."""
    return {
        "unsupported": _(
            "This browser cannot keep the handbook on this device. "
            "The ePub and PDF editions work offline."
        ),
        "absent": _("The handbook is not kept on this device."),
        "elsewhere": _(
            "This language is not kept on this device, but the handbook is kept in another "
            "language. \u201cRemove it from this device\u201d removes every copy."
        ),
        "saving": _("Saving the handbook on this device. Keep this page open."),
        "kept": _(
            "The handbook is kept on this device: version %(version)s of %(date)s. "
            "It works with no signal, and it updates itself when you are online."
        ),
        "failed": _(
            "The handbook could not be saved, so nothing is kept on this device. "
            "Try again when you have a signal."
        ),
        "removing": _("Removing the handbook from this device."),
        "removed": _("The handbook has been removed from this device."),
        "remove-failed": _(
            "The handbook could not be removed. Try again, or clear this website\u2019s "
            "data in your browser\u2019s settings."
        ),
    }


def control_html(worker: str, scope: str) -> str:
    """The control's markup: a status line and two buttons, hidden until the script runs;
    what shows without JavaScript is the note that offline use needs it."""
    attrs = " ".join(
        f'data-i18n-{state}="{html.escape(text)}"' for state, text in messages().items()
    )
    nojs = _(
        "Offline use needs JavaScript, which is switched off in this browser. "
        "Nothing is kept on this device. The ePub and PDF editions work offline without it."
    )
    keep = _("Keep this handbook on this device")
    remove = _("Remove it from this device")
    return (
        f'<div class="{CONTROL_CLASS} {WEB_ONLY_CLASS}" id="{CONTROL_CLASS}" '
        f'data-handbook-offline-worker="{html.escape(worker)}" '
        f'data-handbook-offline-scope="{html.escape(scope)}" {attrs}>\n'
        f'<p class="handbook-offline__nojs">{html.escape(nojs)}</p>\n'
        '<p class="handbook-offline__status" role="status"></p>\n'
        '<p class="handbook-offline__buttons">'
        f'<button type="button" class="handbook-offline__keep" hidden>'
        f"{html.escape(keep)}</button> "
        f'<button type="button" class="handbook-offline__remove" hidden>'
        f"{html.escape(remove)}</button></p>\n"
        "</div>\n"
    )


def render_control(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The control's markup on the website; nothing in the ePub, the PDF or elsewhere."""
    on_web = app.builder.name in app.config.handbook_offline_builders
    for node in list(doctree.findall(offline_control)):
        if not on_web:
            node.parent.remove(node)
            continue
        worker = relative_uri(app.builder.get_target_uri(docname), WORKER)
        scope = worker[: -len(WORKER)] or "./"
        node.replace_self(nodes.raw("", control_html(worker, scope), format="html"))


def copy_page_files(app: Sphinx) -> None:
    """Copy the control's script and styles into the site's ``_static`` before the pages
    are written (so that Sphinx gives their links a checksum), never into the books."""
    if app.builder.name not in app.config.handbook_offline_builders:
        return
    static = Path(app.builder.outdir, "_static")
    static.mkdir(parents=True, exist_ok=True)
    for name in PAGE_FILES:
        shutil.copyfile(STATIC / name, static / name)


def add_page_files(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The control's script and styles on the page that has it, and on no other."""
    if app.builder.name not in app.config.handbook_offline_builders:
        return
    if f'id="{CONTROL_CLASS}"' in (context.get("body") or ""):
        # the builder's own methods: this page only (the application's would also put
        # them in its registry, and so on every page of a later build in the same process)
        builder: Any = app.builder
        builder.add_css_file("offline.css", priority=500)
        builder.add_js_file("offline.js", priority=500, defer="defer")


def other_languages(app: Sphinx) -> list[str]:
    """The folders of the site that hold other languages' sites (``cy/`` in English)."""
    languages: dict[str, dict[str, str]] = app.config.handbook_languages
    return [spec["path"].strip("/") for spec in languages.values() if spec.get("path")]


def site_files(outdir: Path, exclude: list[str], folders: list[str]) -> list[str]:
    """Every file of one language's site, relative to its root, sorted, less those left out."""
    found = []
    for path in outdir.rglob("*"):
        if not path.is_file():
            continue
        name = path.relative_to(outdir).as_posix()
        if name == WORKER or name.split("/", 1)[0] in folders:
            continue
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in exclude):
            continue
        found.append(name)
    return sorted(found)


def version_hash(outdir: Path, files: list[str]) -> str:
    """A hash of every listed file's name and content: the copy's version."""
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256((outdir / name).read_bytes()).digest())
    return digest.hexdigest()[:16]


def worker_script(app: Sphinx, outdir: Path) -> str:
    """The service worker of this language's site, with its list and version filled in."""
    files = site_files(outdir, list(app.config.handbook_offline_exclude), other_languages(app))
    offline = {
        "release": app.config.release,
        "date": edition_date(app.config.language),
        "hash": version_hash(outdir, files),
        "files": files,
    }
    template = (STATIC / WORKER).read_text(encoding="utf-8")
    data = json.dumps(offline, ensure_ascii=False, separators=(",", ":"))
    return template.replace(PLACEHOLDER, data, 1)


def write_worker(app: Sphinx, exception: Exception | None) -> None:
    """``offline-worker.js`` at the root of the language's site, once every file is there."""
    if exception is not None or app.builder.name not in app.config.handbook_offline_builders:
        return
    outdir = Path(app.outdir)
    (outdir / WORKER).write_text(worker_script(app, outdir), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive, the builders that get the copy and what it leaves out."""
    app.setup_extension("handbook.translation.settings")  # handbook_languages
    app.add_config_value(
        "handbook_offline_builders", list(WEB_BUILDERS), "html", types=[list, tuple]
    )
    app.add_config_value("handbook_offline_exclude", list(DEFAULT_EXCLUDE), "html", types=[list])
    app.add_node(offline_control)
    app.add_directive("offline-control", OfflineControlDirective)
    app.connect("doctree-resolved", render_control)
    app.connect("builder-inited", copy_page_files)
    app.connect("html-page-context", add_page_files)
    # after every other extension's build-finished (the feed, the Welsh search messages,
    # the downloads): the list must see the site as it is left
    app.connect("build-finished", write_worker, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
