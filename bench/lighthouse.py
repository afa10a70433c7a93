"""Lighthouse scores (mobile) of a few pages, served on 127.0.0.1 with compression.

Runs the ``lighthouse`` npm package (``node_modules/.bin/lighthouse``, package-lock.json)
with Debian's Chromium, its default mobile configuration (Moto G Power screen, simulated
slow 4G and 4x CPU slowdown), and keeps the four category scores of each run.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

from bench.server import serve

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking"
    " --disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def available() -> bool:
    return LIGHTHOUSE.exists() and Path(CHROMIUM).exists()


def run_once(url: str, workdir: Path) -> tuple[dict[str, float], list[str]]:
    """One Lighthouse run: the four scores (0-100) and the audits that lost points."""
    workdir.mkdir(parents=True, exist_ok=True)
    out = workdir / "lh.json"
    cmd = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-path={CHROMIUM}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--form-factor=mobile",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        "--max-wait-for-load=45000",
    ]
    # Chromium puts its profile lock's socket under TMPDIR, and aborts ("Socket path too
    # long", which Lighthouse reports as "Unable to connect to Chrome") when that path passes
    # the 107 bytes a Unix socket allows: a deep working folder is too long, so the browser
    # gets a short temporary folder of its own.
    with tempfile.TemporaryDirectory(prefix="lh-") as tmp:
        env = {**os.environ, "CHROME_PATH": CHROMIUM, "TMPDIR": tmp}
        done = subprocess.run(
            cmd, env=env, capture_output=True, text=True, check=False, timeout=300
        )
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url}: {done.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {}
    failing = []
    for name in CATEGORIES:
        category = report["categories"][name]
        scores[name] = round((category["score"] or 0) * 100)
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.append(f"{name}: {ref['id']} ({audit['score']:.2f})")
    return scores, failing


def measure(
    site: Path, pages: list[str], runs: int, workdir: Path, port: int = 0
) -> dict[str, dict[str, object]]:
    """Median scores per page over ``runs`` runs, with every audit that lost points; the
    site is served on ``port`` (a free one if 0)."""
    results: dict[str, dict[str, object]] = {}
    with serve(site, port) as base:
        for page in pages:
            all_scores: list[dict[str, float]] = []
            failing: set[str] = set()
            for run in range(runs):
                scores, lost = run_once(f"{base}/{page}", workdir / f"{page}-{run}")
                all_scores.append(scores)
                failing.update(lost)
            results[page] = {
                "scores": {c: statistics.median(s[c] for s in all_scores) for c in CATEGORIES},
                "runs": all_scores,
                "lost_points": sorted(failing),
            }
    return results
