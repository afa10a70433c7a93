"""Keep the garbage collector away from what every build keeps: Sphinx, the extensions, the
configuration.

Once the extensions are set up, a build holds about a hundred thousand long-lived objects
(modules, classes, registries, compiled patterns). Python's cyclic garbage collector walks
all of them again at each full collection, and reading the saved environment alone sets off
several: on a one-page rebuild that walking was about a fifth of the run. ``gc.freeze()``
at ``config-inited`` moves them into a generation the collector never scans; objects made
afterwards (the environment, the pages) are collected as before.

A process that runs several builds one after another (``handbook.editions.build``, the
tests) frees the previous build first: before freezing again, what was frozen is unfrozen
and collected, so no finished build is kept alive.

``handbook_gc_freeze = False`` in ``conf.py`` turns it off (to compare, or to look for a leak).
"""

from __future__ import annotations

import gc
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

#: after every other ``config-inited`` handler: what they make is kept for the whole build too
PRIORITY = 900


def freeze(app: Sphinx, config: Config) -> None:
    """Freeze what exists now; first free an earlier build's objects, if one froze them."""
    if not config.handbook_gc_freeze:
        return
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("handbook_gc_freeze", True, "", types=[bool])
    app.connect("config-inited", freeze, priority=PRIORITY)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
