"""Where a build's time goes: phases, and every event handler and transform by extension.

Sphinx's own ``--profile``-like output (``-P``, ``-v``) says little about which extension
costs what; the next slow build should be found in minutes. With ``HANDBOOK_PROFILE`` set to
a folder, each ``sphinx-build`` writes ``<folder>/<builder>-<language>.json`` at exit:

- ``phases``: wall-clock seconds of start-up (process start, or the end of the previous
  build in the same process, to ``config-inited``: Python, imports, ``conf.py``, the
  extensions' ``setup``), set-up (to the first page read: builder, environment, catalogues),
  reading, writing and finishing (``build-finished`` handlers: the PDF layout, the feed,
  copying the downloads);
- ``spans``: the *exclusive* seconds (time inside minus time in nested timed calls) of every
  event handler and every docutils/Sphinx transform, keyed by kind, owner (the module, e.g.
  ``handbook.writing.tbc`` or ``sphinx``), event or transform name, with call counts;
- ``weasyprint``: seconds WeasyPrint spent laying out and writing documents (the PDF, the
  poster), measured around ``weasyprint.HTML.write_pdf``.

Unset, the extension does nothing at all. ``bench/profile.py`` runs the builds with it and
prints the table. The figures are for serial builds: handlers in forked reader processes
(``-j``) are not seen.
"""

from __future__ import annotations

import functools
import json
import os
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.events import EventListener

ENV = "HANDBOOK_PROFILE"


def process_start() -> float:
    """When this process started (epoch seconds), from /proc: start-up includes the imports
    that run before any Sphinx code."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        boot = next(
            float(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime")
        )
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return time.time()


def owner(obj: Any) -> str:
    """The extension a handler or transform belongs to: the project's modules by name,
    Sphinx's own extensions (sphinx.ext.*) by name, anything else by its package."""
    module = getattr(obj, "__module__", None) or "?"
    if module.startswith("handbook."):
        return module
    if module.startswith("sphinx.ext."):
        return ".".join(module.split(".")[:3])
    if module.startswith("sphinxcontrib."):
        return ".".join(module.split(".")[:2])
    return module.split(".")[0]


class Profile:
    """Exclusive timing of nested spans, and the marks between phases."""

    def __init__(self) -> None:
        self.spans: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0])
        self.stack: list[float] = []  # time spent in children of each open span
        self.marks: dict[str, float] = {"process start": process_start()}
        self.weasyprint = 0.0

    def timed(self, kind: str, who: str, name: str, call: Callable[[], Any]) -> Any:
        self.stack.append(0.0)
        start = time.perf_counter()
        try:
            return call()
        finally:
            elapsed = time.perf_counter() - start
            children = self.stack.pop()
            entry = self.spans[(kind, who, name)]
            entry[0] += elapsed - children
            entry[1] += 1
            if self.stack:
                self.stack[-1] += elapsed

    def mark(self, name: str) -> None:
        self.marks.setdefault(name, time.time())


PROFILE = Profile()


def _wrap_listener(event: str, listener: EventListener) -> EventListener:
    handler = listener.handler
    who = owner(handler)

    def timed_handler(app: Sphinx, *args: Any) -> Any:
        return PROFILE.timed("event", who, event, lambda: handler(app, *args))

    timed_handler.__module__ = getattr(handler, "__module__", None)  # type: ignore[assignment]
    return listener._replace(handler=timed_handler)


def wrap_listeners(app: Sphinx, config: Any = None) -> None:
    """Time every handler connected so far (all extensions are set up by config-inited)."""
    PROFILE.mark("config-inited")
    for event, listeners in app.events.listeners.items():
        listeners[:] = [
            lst if getattr(lst.handler, "__wrapped_by_profile__", False) else _wrap(event, lst)
            for lst in listeners
        ]


def _wrap(event: str, listener: EventListener) -> EventListener:
    wrapped = _wrap_listener(event, listener)
    wrapped.handler.__wrapped_by_profile__ = True  # type: ignore[attr-defined]
    return wrapped


def patch_transforms() -> None:
    """Time each transform docutils and Sphinx apply, read-time and post-transforms alike."""
    from docutils.transforms import Transformer

    def apply_transforms(self: Transformer) -> None:
        self.document.reporter.attach_observer(self.document.note_transform_message)
        while self.transforms:
            if not self.sorted:
                self.transforms.sort(reverse=True)
                self.sorted = True
            priority, transform_class, pending, kwargs = self.transforms.pop()
            transform = transform_class(self.document, startnode=pending)
            apply = functools.partial(transform.apply, **kwargs)
            PROFILE.timed("transform", owner(transform_class), transform_class.__name__, apply)
            self.applied.append((priority, transform_class, pending, kwargs))
        self.document.reporter.detach_observer(self.document.note_transform_message)

    Transformer.apply_transforms = apply_transforms  # type: ignore[method-assign]


def patch_weasyprint() -> None:
    """Time WeasyPrint's layout (``HTML.render``) and writing (``Document.write_pdf``)
    wherever they are called: the PDF edition, the briefing poster."""
    try:
        import weasyprint
        from weasyprint.document import Document
    except ImportError:
        return
    for cls, name in ((weasyprint.HTML, "render"), (Document, "write_pdf")):
        original = getattr(cls, name)
        if getattr(original, "__profiled__", False):
            continue

        def timed(self: Any, *args: Any, __original: Any = original, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return __original(self, *args, **kwargs)
            finally:
                PROFILE.weasyprint += time.perf_counter() - start

        timed.__profiled__ = True  # type: ignore[attr-defined]
        setattr(cls, name, timed)


def write(app: Sphinx, folder: Path) -> None:
    """Write this build's figures, then start afresh: ``handbook.editions.build`` runs a
    language's editions one after the other in one process (the next build's start-up is
    the time from this one's end to its ``config-inited``)."""
    global PROFILE
    PROFILE.mark("exit")
    m = PROFILE.marks
    order = [
        ("start-up", "process start", "config-inited"),
        ("set-up", "config-inited", "reading"),
        ("reading", "reading", "read done"),
        ("writing", "read done", "build-finished"),
        ("finishing", "build-finished", "exit"),
    ]
    phases = {
        name: round(m[end] - m[start], 3) if start in m and end in m else None
        for name, start, end in order
    }
    builder = app.builder.name if app.builder else "?"
    language = app.config.language or "en"
    data = {
        "builder": builder,
        "language": language,
        "total": round(m["exit"] - m["process start"], 3),
        "phases": phases,
        "weasyprint": round(PROFILE.weasyprint, 3),
        "spans": [
            {"kind": k, "owner": o, "name": n, "seconds": round(v[0], 4), "calls": v[1]}
            for (k, o, n), v in sorted(PROFILE.spans.items(), key=lambda kv: -kv[1][0])
        ],
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{builder}-{language}.json").write_text(
        json.dumps(data, indent=1) + "\n", encoding="utf-8"
    )
    PROFILE = Profile()
    PROFILE.marks["process start"] = time.time()


def setup(app: Sphinx) -> dict[str, Any]:
    folder = os.environ.get(ENV, "").strip()
    if folder:
        patch_transforms()
        patch_weasyprint()
        app.connect("config-inited", wrap_listeners, priority=0)
        app.connect("builder-inited", wrap_listeners, priority=0)  # handlers added since
        app.connect("env-before-read-docs", lambda *_: PROFILE.mark("reading"), priority=0)
        app.connect("env-updated", lambda *_: PROFILE.mark("read done"), priority=0)
        app.connect("build-finished", lambda *_: PROFILE.mark("build-finished"), priority=0)
        app.connect("build-finished", lambda *_: write(app, Path(folder).resolve()), priority=1000)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
