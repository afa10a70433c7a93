"""A tiny static file server for 127.0.0.1 that compresses like a real host.

Lighthouse and the page-weight probe must see the site as a reader would: text files
(HTML, CSS, JS, SVG, JSON) are sent brotli- or gzip-compressed when the browser asks for
it (``Accept-Encoding``), as GitHub Pages, Netlify or nginx with ``gzip_static``/brotli do.
Compressed bodies are cached in memory, so compression time never counts as network time.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import brotli

#: what gets compressed (images such as PNG are compressed already)
COMPRESSIBLE = {".html", ".css", ".js", ".svg", ".json", ".txt", ".xml", ".inv", ".map"}
GZIP_LEVEL = 6  # zlib's default, what most servers use on the fly
BROTLI_QUALITY = 11  # what a host that pre-compresses (or caches) serves


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def brotli_size(data: bytes) -> int:
    return len(brotli.compress(data, quality=BROTLI_QUALITY))


@lru_cache(maxsize=1024)
def _encoded(path: str, mtime_ns: int, encoding: str) -> bytes:
    data = Path(path).read_bytes()
    if encoding == "br":
        return brotli.compress(data, quality=BROTLI_QUALITY)
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
    return data


class CompressingHandler(http.server.BaseHTTPRequestHandler):
    root: Path = Path()
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _resolve(self) -> Path | None:
        rel = unquote(urlsplit(self.path).path).lstrip("/")
        path = (self.root / rel).resolve()
        if not path.is_relative_to(self.root.resolve()):
            return None
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None

    def _send(self, head_only: bool) -> None:
        path = self._resolve()
        if path is None:
            body = b"Not found"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head_only:
                self.wfile.write(body)
            return
        accepted = {
            e.split(";")[0].strip() for e in self.headers.get("Accept-Encoding", "").split(",")
        }
        encoding = "identity"
        if path.suffix in COMPRESSIBLE:
            encoding = "br" if "br" in accepted else "gzip" if "gzip" in accepted else "identity"
        body = _encoded(str(path), path.stat().st_mtime_ns, encoding)
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in {"application/javascript", "image/svg+xml"}:
            ctype += "; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if encoding != "identity":
            self.send_header("Content-Encoding", encoding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "public, max-age=600")
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._send(head_only=False)

    def do_HEAD(self) -> None:
        self._send(head_only=True)


def free_port() -> int:
    """A port free on 127.0.0.1 now: for a site that must be built knowing its address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(root: Path, port: int = 0) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (``port``, or a free one); yield the base address."""
    handler = type("Handler", (CompressingHandler,), {"root": Path(root)})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
