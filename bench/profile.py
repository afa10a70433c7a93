"""Where a full build's time goes: the files ``handbook.build_profile`` writes, as tables.

One ``make all`` (warm) runs with ``HANDBOOK_PROFILE`` set; each edition of each language
leaves ``<builder>-<language>.json``. The tables: each build by phase, each language's sum,
and every extension's event handlers and transforms (exclusive time: a handler's own time,
not that of the handlers and transforms it sets off).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

PHASES = ("start-up", "set-up", "reading", "writing", "finishing")
#: the editions in the order a language's process builds them
ORDER = ("epub", "pdf", "html")


def load(folder: Path) -> list[dict[str, Any]]:
    builds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    return sorted(
        builds,
        key=lambda b: (
            b["language"] != "en" and b["language"] != "en_GB",
            b["language"],
            ORDER.index(b["builder"]) if b["builder"] in ORDER else 9,
        ),
    )


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} s"


def phase_rows(builds: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """One row a build and one a language: phases, WeasyPrint's share, the total."""
    rows: list[tuple[str, ...]] = []
    by_language: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for build in builds:
        phases = build["phases"]
        rows.append(
            (
                f"{build['builder']} ({build['language']})",
                *(_s(phases.get(p)) for p in PHASES),
                _s(build["weasyprint"]),
                _s(build["total"]),
            )
        )
        totals = by_language[build["language"]]
        for p in PHASES:
            totals[p] += phases.get(p) or 0.0
        totals["weasyprint"] += build["weasyprint"]
        totals["total"] += build["total"]
    for language, totals in by_language.items():
        rows.append(
            (
                f"**{language}, all editions**",
                *(_s(totals[p]) for p in PHASES),
                _s(totals["weasyprint"]),
                _s(totals["total"]),
            )
        )
    return rows


def owner_rows(builds: list[dict[str, Any]], limit: int = 25) -> list[tuple[str, ...]]:
    """Each extension's handlers and transforms, summed over every build, slowest first,
    with the events and transforms that cost most."""
    total: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    parts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    languages: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for build in builds:
        for span in build["spans"]:
            total[span["owner"]] += span["seconds"]
            calls[span["owner"]] += span["calls"]
            parts[span["owner"]][f"{span['kind']} {span['name']}"] += span["seconds"]
            languages[span["owner"]][build["language"]] += span["seconds"]
    rows = []
    for who in sorted(total, key=lambda k: -total[k])[:limit]:
        top = sorted(parts[who].items(), key=lambda kv: -kv[1])[:3]
        rows.append(
            (
                who,
                _s(total[who]),
                " / ".join(f"{lang} {_s(v)}" for lang, v in sorted(languages[who].items())),
                str(calls[who]),
                "; ".join(f"{name} {v:.2f} s" for name, v in top),
            )
        )
    return rows


def summary(builds: list[dict[str, Any]]) -> dict[str, float]:
    """Sums the report's sentences quote: each is computed, never written by hand."""
    spans = [s for b in builds for s in b["spans"]]
    return {
        "builds": len(builds),
        "process_seconds": round(sum(b["total"] for b in builds), 1),
        "reading": round(sum(b["phases"].get("reading") or 0 for b in builds), 1),
        "writing": round(sum(b["phases"].get("writing") or 0 for b in builds), 1),
        "start_up": round(sum(b["phases"].get("start-up") or 0 for b in builds), 1),
        "weasyprint": round(sum(b["weasyprint"] for b in builds), 1),
        "handbook_spans": round(
            sum(s["seconds"] for s in spans if s["owner"].startswith("handbook.")), 1
        ),
        "all_spans": round(sum(s["seconds"] for s in spans), 1),
    }
