"""Pages that list what every page collected are written again when, and only when, the list
changed.

The to-be-confirmed list and the amendment lines on "What has changed" show entries that
other pages hold. Sphinx writes again only the pages it re-read, so after an edit elsewhere
such a page would go stale; writing it on every rebuild would cost an edit of one page a
write of those pages too. :func:`rewrite_when_changed` remembers what the list shows before
the pages are re-read and, once they are, asks for the listing pages only if it differs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def rewrite_when_changed(
    app: Sphinx,
    shows: Callable[[BuildEnvironment], Any],
    listing_pages: Callable[[BuildEnvironment], Iterable[str]],
    priority: int = 500,
) -> None:
    """Connect the two events: ``shows(env)`` is what the list shows (comparable with
    ``==``), ``listing_pages(env)`` the pages that show it. ``priority`` orders the
    rewrite after the extensions that add entries when the environment is updated."""
    remembered: dict[str, Any] = {}

    def remember(
        app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
    ) -> list[str]:
        remembered["before"] = shows(env)
        return []

    def rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
        if "before" in remembered and remembered["before"] == shows(env):
            return []
        return sorted(set(listing_pages(env)) & env.all_docs.keys())

    app.connect("env-get-outdated", remember)
    app.connect("env-updated", rewrite, priority=priority)
