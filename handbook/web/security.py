"""Privacy and security of the website: a Content-Security-Policy, no referrer, external links.

Readers of this handbook may be children, parents or practitioners looking up abuse; the site
must not tell anyone else what they read. So every page of the website gets, as the first
elements of its ``<head>`` (before any script or style, so the policy covers them):

- ``<meta http-equiv="Content-Security-Policy">``: everything from the site itself only.
  Scripts: the site's own files plus the SHA-256 hash of each inline script *as rendered*
  (furo writes one to set the colour scheme). The hashes are computed from the page's HTML
  when it is rendered, never written by hand, so a change of theme cannot silently break
  the policy, and a new inline script is blocked until it is part of the build.
  Workers: the site's own only (``worker-src 'self'``), for the offline copy a reader may ask
  for (``handbook.web.offline``).
  Styles allow ``'unsafe-inline'``: furo and Graphviz write ``style=""`` attributes, which
  hashes cannot cover without ``'unsafe-hashes'``; a style cannot send data anywhere when
  images, fonts and connections are limited to the site.
- ``<meta name="referrer" content="no-referrer">``: a site a reader follows a link to is not
  told which page of the handbook they came from.

Links that leave the site (``http``/``https`` to another host) get the class
``handbook-external`` and a visually hidden " (opens external site)" for screen readers; a
small arrow shows it to everyone else (``_static/css/external-links.css``). The hidden text
carries ``handbook-web-only``: the ePub and the PDF have no such marker, and the parity
test (tests/test_parity.py) leaves web-only text out.

Only the web builders (``html``, ``dirhtml``, ``singlehtml``) are changed; the ePub and the
PDF builders are not. docs/quality-gates.md says how the tests check all of this.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any, Final

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform

from handbook.web.website_only import WEB_BUILDERS, WEB_ONLY_CLASS

__version__: Final = "1.0.0"

#: the hidden note in English; :func:`external_note` gives it in the build's language
EXTERNAL_NOTE: Final = " (opens external site)"
EXTERNAL_CLASS: Final = "handbook-external"
NOTE_CLASSES: Final = ["handbook-external-note", WEB_ONLY_CLASS]

#: inline ``<script>`` elements (no ``src``); group 1 is the code exactly as the browser hashes it
INLINE_SCRIPT_RE: Final = re.compile(
    r"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.S | re.I
)
#: where the policy goes: straight after ``<meta charset>`` or, failing that, ``<head>``
CHARSET_RE: Final = re.compile(r"<meta\s+charset=[^>]*>", re.I)
HEAD_RE: Final = re.compile(r"<head\b[^>]*>", re.I)


def script_hashes(html: str) -> list[str]:
    """CSP source expressions for every inline script of a page, sorted, no duplicates."""
    found = set()
    for match in INLINE_SCRIPT_RE.finditer(html):
        digest = hashlib.sha256(match.group(1).encode("utf-8")).digest()
        found.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return sorted(found)


def policy(hashes: list[str]) -> str:
    """The Content-Security-Policy of a page whose inline scripts have these hashes."""
    script_src = " ".join(["'self'", *hashes])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {script_src}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'self'",
            "frame-src 'self'",  # Graphviz diagrams are SVG in <object>
            "worker-src 'self'",  # the offline copy's service worker (handbook.web.offline)
            "manifest-src 'self'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def secure(html: str) -> str:
    """Put the policy and the referrer policy at the top of a rendered page's head."""
    if 'http-equiv="Content-Security-Policy"' in html:
        return html
    tags = (
        f'\n    <meta http-equiv="Content-Security-Policy" content="{policy(script_hashes(html))}">'
        '\n    <meta name="referrer" content="no-referrer">'
    )
    anchor = CHARSET_RE.search(html) or HEAD_RE.search(html)
    if anchor is None:  # a fragment, not a page
        return html
    return html[: anchor.end()] + tags + html[anchor.end() :]


def wrap_renderer(app: Sphinx) -> None:
    """Let every page the web builders render pass through :func:`secure`."""
    if app.builder.name not in WEB_BUILDERS:
        return
    templates = app.builder.templates
    render = templates.render

    def render_secured(template: str, context: dict[str, Any]) -> str:
        return secure(render(template, context))

    templates.render = render_secured
    app.add_css_file("css/external-links.css")


def external_note() -> str:
    """ " (opens external site)", in the build's language."""
    return " (" + _("opens external site") + ")"


def leaves_site(uri: str) -> bool:
    return uri.startswith(("http://", "https://"))


class MarkExternalLinks(SphinxPostTransform):
    """Class and hidden note on every link that leaves the site (web builders only)."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if self.app.builder.name not in WEB_BUILDERS:
            return
        note = external_note()
        for ref in self.document.findall(nodes.reference):
            if not leaves_site(ref.get("refuri", "")) or EXTERNAL_CLASS in ref["classes"]:
                continue
            ref["classes"].append(EXTERNAL_CLASS)
            ref += nodes.inline(note, note, classes=list(NOTE_CLASSES))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", wrap_renderer)
    app.add_post_transform(MarkExternalLinks)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
