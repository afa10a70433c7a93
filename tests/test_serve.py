"""``make serve``: live preview with sphinx-autobuild on 127.0.0.1, rebuilt on save.

Runs the real Makefile target on a free port, on a copy of the pages (SOURCEDIR=...), into a
temporary BUILDDIR where stand-in downloads already exist (so the ePub and PDF are not built).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from conftest import NAME, ROOT, SOURCE

STARTUP_SECONDS = 180
REBUILD_SECONDS = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            text: str = response.read().decode("utf-8")
            return text
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(check: Callable[[], bool], seconds: float, process: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        if process.poll() is not None:
            return False
        time.sleep(1)
    return False


def test_make_serve_serves_and_rebuilds_on_save(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(SOURCE, project / "source")
    shutil.copy(ROOT / "CHANGELOG.md", project / "CHANGELOG.md")
    # A page in progress, in no table of contents: a warning, not a stop.
    (project / "source" / "draft.md").write_text(
        "---\nowner: Test team\nlast_reviewed: 2026-11-23\nreview_due: 2027-05-23\nguidance_checked: 2026-12-04\n---\n\n"
        "# Draft\n\nNot yet in a table of contents.\n"
    )
    build = tmp_path / "build"
    for download in (f"pdf/{NAME}.pdf", f"epub/{NAME}.epub"):
        (build / download).parent.mkdir(parents=True)
        (build / download).write_bytes(b"stand-in")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                "make",
                "-o",
                ".venv/.synced",
                "serve",
                f"PORT={port}",
                f"BUILDDIR={build}",
                f"SOURCEDIR={project / 'source'}",
            ],
            cwd=ROOT,
            # Written to a file, Python's output is block-buffered: "Serving on" would sit in
            # the buffer, where a reader at a terminal sees it at once.
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped below
        )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(
            lambda: fetch(f"{base}/index.html") is not None,
            STARTUP_SECONDS,
            process,
        ), log.read_text(errors="replace")
        page = fetch(f"{base}/what-is-cse.html")
        assert page is not None and "What child sexual exploitation is" in page
        assert fetch(f"{base}/downloads/{NAME}.pdf") == "stand-in"
        output = log.read_text(errors="replace")
        assert f"Serving on {base}" in output
        assert "draft.md: WARNING: document isn't included in any toctree" in output

        # Save a change: the page is rebuilt and served again.
        source_page = project / "source" / "what-is-cse.md"
        source_page.write_text(
            source_page.read_text(encoding="utf-8").replace(
                "# What child sexual exploitation is", "# What child sexual exploitation is now"
            ),
            encoding="utf-8",
        )
        assert wait_for(
            lambda: "exploitation is now" in (fetch(f"{base}/what-is-cse.html") or ""),
            REBUILD_SECONDS,
            process,
        ), log.read_text(errors="replace")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
