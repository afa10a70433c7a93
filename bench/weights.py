"""First-view weight of every page of a built site, as a browser loads it.

Each page is opened in a fresh Chromium context (empty cache) through Playwright; every
response the page causes (the page, stylesheets, scripts, images, fonts, the search index)
is recorded. The icon a browser asks for (``<link rel="icon">``) is added when headless
Chromium does not fetch it. Sizes are of the bodies as served uncompressed, then as they
would travel gzip-compressed (level 6) and brotli-compressed (quality 11): compression is
computed here, per file, so the figures do not depend on the server.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bench.server import COMPRESSIBLE, brotli_size, gzip_size, serve

CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: generated pages that are not content pages (the search page has its own budget)
NOT_CONTENT = {"search.html", "genindex.html"}
#: the site's "exactly what changed" views (``changed-<page>.html``), made from the
#: repository's history: generated, with no page of stock to compare them with
GENERATED_VIEW_PREFIX = "changed-"


def not_content(pages: Iterable[str]) -> set[str]:
    """The pages of a site that are not content pages: search, the index and the views of
    what changed, which stock has no counterpart of (counting them would flatter the median)."""
    return set(NOT_CONTENT) | {p for p in pages if p.startswith(GENERATED_VIEW_PREFIX)}


@dataclass
class Resource:
    path: str
    kind: str
    raw: int
    gzip: int
    brotli: int


@dataclass
class PageWeight:
    page: str
    requests: int
    raw: int
    gzip: int
    brotli: int
    resources: list[Resource] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _kind(path: str, resource_type: str) -> str:
    suffix = Path(path).suffix
    if suffix == ".css":
        return "css"
    if suffix == ".js":
        return "js" if not path.endswith("searchindex.js") else "search index"
    if suffix in {".woff", ".woff2", ".ttf", ".otf"}:
        return "font"
    if suffix in {".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp", ".ico"}:
        return "image"
    if suffix == ".html":
        return "html"
    return resource_type or "other"


def _sizes(site: Path, path: str, body: bytes | None) -> tuple[int, int, int]:
    data = body if body is not None else (site / path).read_bytes()
    if Path(path).suffix in COMPRESSIBLE:
        return len(data), gzip_size(data), brotli_size(data)
    return len(data), len(data), len(data)


class WeightFailed(RuntimeError):
    """A page loaded something that is not there: its weight would be too low."""


def measure_site(site: Path, pages: list[str] | None = None) -> list[PageWeight]:
    """Load every ``*.html`` page of ``site`` (or ``pages``) and weigh its first view."""
    from playwright.sync_api import sync_playwright

    names = pages or sorted(p.name for p in site.glob("*.html"))
    results: list[PageWeight] = []
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name in names:
                context = browser.new_context(
                    viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True
                )
                page = context.new_page()
                seen: dict[str, tuple[str, bytes | None]] = {}
                failed: list[str] = []

                def record(
                    response: object,
                    seen: dict[str, tuple[str, bytes | None]] = seen,
                    failed: list[str] = failed,
                ) -> None:
                    url = response.url  # type: ignore[attr-defined]
                    if not url.startswith(base):
                        return
                    if response.status >= 400:  # type: ignore[attr-defined]
                        # a missing stylesheet would make the page look lighter: no weight
                        failed.append(f"{response.status} {url}")  # type: ignore[attr-defined]
                        return
                    try:
                        body = response.body()  # type: ignore[attr-defined]
                    except Exception:
                        body = None
                    seen[urlsplit(url).path.lstrip("/")] = (
                        response.request.resource_type,  # type: ignore[attr-defined]
                        body,
                    )

                page.on("response", record)
                page.goto(f"{base}/{name}", wait_until="load")
                page.wait_for_load_state("networkidle")
                icons = page.eval_on_selector_all(
                    "link[rel~='icon']", "els => els.map(e => e.getAttribute('href'))"
                )
                context.close()
                if failed:
                    raise WeightFailed(
                        f"{name}: not weighed, it failed to load " + ", ".join(failed)
                    )
                for href in icons:
                    path = urlsplit(urljoin(f"{base}/{name}", href)).path.lstrip("/")
                    if path not in seen and (site / path).is_file():
                        seen[path] = ("image", None)
                resources = []
                for path, (rtype, body) in sorted(seen.items()):
                    raw, gz, br = _sizes(site, path, body)
                    resources.append(Resource(path, _kind(path, rtype), raw, gz, br))
                results.append(
                    PageWeight(
                        page=name,
                        requests=len(resources),
                        raw=sum(r.raw for r in resources),
                        gzip=sum(r.gzip for r in resources),
                        brotli=sum(r.brotli for r in resources),
                        resources=resources,
                    )
                )
        finally:
            browser.close()
    return results
