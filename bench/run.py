"""``make bench``: measure the handbook against its budgets and a stock build.

Environment variables:

- ``BENCH_RUNS`` (default 3): timed runs of each build, reported as medians;
- ``BENCH_LIGHTHOUSE_RUNS`` (default 3): Lighthouse runs per page (0: skip Lighthouse);
- ``BENCH_SKIP_TESTS=1``: do not time the test suite (for quick runs);
- ``BENCH_DIR`` (default ``_build/bench``): where the builds, the report and the chart go.

The builds run in a snapshot of the working tree (``<BENCH_DIR>/tree``). Writes
``report.md``, ``report.json`` and ``page-weights.png`` there and prints a summary.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench import lighthouse
from bench import profile as build_profile
from bench.builds import (
    EDITED_PAGE,
    MAKE_DOCTREES,
    ROOT,
    BuildFailed,
    Project,
    Stock,
    Timed,
    run_timed,
    snapshot,
    source_date_epoch,
    tail,
)
from bench.report import write_chart, write_markdown
from bench.server import free_port
from bench.weights import WeightFailed, measure_site, not_content

#: the Welsh editions, in the Makefile's order (the site offers the books)
WELSH_BUILDERS = ("epub", "pdf", "html")
#: the tests that exist for the second language; the rest run on both languages' outputs
WELSH_TESTS = (
    "tests/test_welsh_edition.py",
    "tests/test_welsh_spelling.py",
    "tests/test_translation.py",
    "tests/test_translation_messages.py",
    "tests/test_translation_coverage.py",
    "tests/test_interface.py",
)

#: pages Lighthouse looks at: the home page, an ordinary content page, the search page
LIGHTHOUSE_PAGES = ["index.html", "what-is-cse.html", "search.html"]

BUDGETS = {
    "content_page_gzip": 25_000,
    "search_page_gzip": 60_000,
    "lighthouse": 100,
    "incremental_html_s": 2.0,
    "incremental_html_ratio": 1.2,  # handbook ÷ stock, in the same run
    "make_all_s": 30.0,
    "make_all_ratio": 1.5,  # both languages ÷ stock's three English editions
    "test_suite_s": 300.0,  # `make test` from a built tree, on the machine's cores
    "pdf_bytes": 2_000_000,
    "epub_bytes": 1_000_000,
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def time_builds(project: Project, stock: Stock, runs: int) -> dict[str, dict[str, list[float]]]:
    """Each run times both systems in turn (interleaved), so a busy moment on the shared
    machine hits both and the ratios stay fair."""
    names = (
        "html",
        "epub",
        "pdf",
        *(f"{builder}_cy" for builder in WELSH_BUILDERS),
        "make_all",
        "make_html",
        "incremental_html",
        "make_all_after_edit",
    )
    times: dict[str, dict[str, list[float]]] = {
        "project": {n: [] for n in names},
        "stock": {n: [] for n in names},
        "project_cpu": {n: [] for n in names},
        "stock_cpu": {n: [] for n in names},
    }

    def record(label: str, name: str, timed: Timed) -> None:
        times[label][name].append(timed.seconds)
        times[f"{label}_cpu"][name].append(timed.cpu)

    for run in range(1, runs + 1):
        for label, system in (("project", project), ("stock", stock)):
            log(f"run {run}/{runs}: {label}: full builds of each edition")
            system.clean()
            for builder in ("epub", "pdf", "html"):  # the site needs the other two
                system.clean(builder)
                record(label, builder, system.sphinx(builder))
            if isinstance(system, Project) and not isinstance(system, Stock):
                log(f"run {run}/{runs}: project: full builds of each Welsh edition")
                for builder in WELSH_BUILDERS:
                    record(label, f"{builder}_cy", system.sphinx_translation(builder))
            if label == "project":
                log(f"run {run}/{runs}: project: make html (the English editions alone, warm)")
                system.clean()
                record(label, "make_html", system.make_all("html"))
            log(f"run {run}/{runs}: {label}: make all (warm: tools installed, outputs removed)")
            system.clean()
            record(label, "make_all", system.make_all())
            log(f"run {run}/{runs}: {label}: HTML rebuild after editing {EDITED_PAGE}")
            system.edit_page()
            # the handbook's rebuild reads into the doctrees `make all` left (as `make html`)
            record(label, "incremental_html", system.sphinx("html", MAKE_DOCTREES))
            if label == "project":
                log(f"run {run}/{runs}: project: make all after editing {EDITED_PAGE}")
                system.edit_page()
                record(label, "make_all_after_edit", system.make_all())
    return times


def startup_floor(tree: Path, runs: int) -> list[float]:
    """Seconds to start Python and import Sphinx, myst-parser, sphinx-design and furo: what
    any rebuild pays before it reads a page."""
    python = str(tree / ".venv" / "bin" / "python")
    code = "import sphinx.cmd.build, sphinx.application, myst_parser, sphinx_design, furo"
    return [run_timed([python, "-c", code], tree).seconds for _ in range(max(runs, 3))]


def time_tests(tree: Path) -> dict[str, Any]:
    """``make test`` from a built tree, as a contributor or CI runs it after ``make all``:
    the editions built from nothing first (not timed), then ``make test`` timed whole
    (its set-up check, ``make all`` finding nothing to do, and pytest)."""
    log("test suite (make all from nothing, then make test, timed)")
    shutil.rmtree(tree / "_build", ignore_errors=True)
    env = {"SOURCE_DATE_EPOCH": source_date_epoch()}
    built = run_timed(["make", "--no-print-directory", "all"], tree, env)
    if not built.ok:
        raise BuildFailed(f"make all failed:\n{tail(built.output)}")
    timed = run_timed(
        # not -q: a quiet pytest leaves out its header, which says whose build it tested
        ["make", "--no-print-directory", "test", "PYTEST_ARGS=-rf --durations=0"],
        tree,
        env,
    )
    # the whole output (run_timed keeps it all): the durations are sorted slowest first,
    # so a cut log would lose the slow tests
    (tree.parent / "tests.log").write_text(timed.output, encoding="utf-8")
    lines = [line for line in timed.output.strip().splitlines() if line.strip()]
    failed = [line for line in lines if line.startswith("FAILED")]
    lines = [line for line in lines if not line.startswith("FAILED")] or lines
    # pytest's own last line ("661 passed in 383.4s"): make may print after it
    summary = next(
        (line.strip("= ") for line in reversed(lines) if count_tests(line) is not None),
        lines[-1] if lines else "",
    )
    return {
        "seconds": timed.seconds,
        "passed": timed.ok,
        "summary": summary,
        "count": count_tests(summary),
        "failed": failed,
        "welsh_seconds": welsh_test_seconds(timed.output),
        "all_durations_seconds": all_test_seconds(timed.output),
        # pytest's header says whether the tests read make's build or built their own
        "tested_make_build": "handbook: testing the build make all made" in timed.output,
    }


def count_tests(summary: str) -> int | None:
    """Tests run, from pytest's last line ("380 passed, 2 skipped in 12.3s")."""
    counts = re.findall(r"(\d+) (?:passed|failed|skipped|error|errors|xfailed|xpassed)\b", summary)
    return sum(int(n) for n in counts) if counts else None


def all_test_seconds(output: str) -> float:
    """Every test's setup, call and teardown summed, from pytest's ``--durations`` lines."""
    return round(
        sum(
            float(m.group(1))
            for line in output.splitlines()
            if (m := re.match(r"\s*([\d.]+)s (?:setup|call|teardown)\s+\S+::", line))
        ),
        1,
    )


def welsh_test_seconds(output: str) -> float:
    """What the second language's own tests took, from pytest's ``--durations`` lines
    (setup, call and teardown of each test in :data:`WELSH_TESTS`)."""
    total = 0.0
    for line in output.splitlines():
        match = re.match(r"\s*([\d.]+)s (?:setup|call|teardown)\s+(\S+?)::", line)
        if match and match.group(2) in WELSH_TESTS:
            total += float(match.group(1))
    return round(total, 1)


def weights(site: Path) -> list[dict[str, Any]]:
    return [w.as_dict() for w in measure_site(site)]


def main() -> int:
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    lh_runs = int(os.environ.get("BENCH_LIGHTHOUSE_RUNS", "3"))
    skip_tests = os.environ.get("BENCH_SKIP_TESTS", "") not in {"", "0"}
    out = Path(os.environ.get("BENCH_DIR", ROOT / "_build" / "bench")).resolve()
    out.mkdir(parents=True, exist_ok=True)
    started = time.time()

    log(f"snapshot of the working tree in {out / 'tree'}")
    tree = snapshot(out / "tree")
    project = Project(tree, out / "project")
    stock = Stock(tree, out / "stock")
    try:
        times = time_builds(project, stock, runs)
    except BuildFailed as error:
        log(str(error))
        return 1

    floor = startup_floor(tree, runs)
    sizes = {
        label: {"epub": s.epub_file.stat().st_size, "pdf": s.pdf_file.stat().st_size}
        for label, s in (("project", project), ("stock", stock))
    }
    log("first-view weight of every page (Chromium, empty cache)")
    try:
        page_weights = {"project": weights(project.html), "stock": weights(stock.html)}
    except WeightFailed as error:
        log(str(error))
        return 1
    try:
        log("first-view weights of the site without handbook.web.assets (before/after)")
        page_weights["uncut"] = weights(project.build_uncut(out / "uncut"))
    except (BuildFailed, WeightFailed) as error:
        log(str(error))

    scores: dict[str, Any] = {}
    address = None
    if lh_runs > 0 and lighthouse.available():
        # the handbook as published: built knowing its address, served at that address
        port = free_port()
        address = f"http://127.0.0.1:{port}/"
        log(f"the site as published (make all BASEURL={address})")
        try:
            published = project.build_published(out / "published", address)
        except BuildFailed as error:
            log(str(error))
            return 1
        for label, site, at in (("project", published, port), ("stock", stock.html, 0)):
            log(f"Lighthouse (mobile, {lh_runs} runs per page): {label}")
            scores[label] = lighthouse.measure(
                site, LIGHTHOUSE_PAGES, lh_runs, out / "lighthouse" / label, at
            )
    elif lh_runs > 0:
        log("Lighthouse not found (node_modules/.bin/lighthouse, /usr/bin/chromium): skipped")

    tests = None if skip_tests else time_tests(tree)

    log("profile of a full build (make all, warm, with HANDBOOK_PROFILE)")
    profile_dir = out / "profile"
    shutil.rmtree(profile_dir, ignore_errors=True)
    project.clean()
    profiled = project.make_all(profile=profile_dir)
    builds = build_profile.load(profile_dir)

    data: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_at_end": os.getloadavg(),
        },
        "runs": runs,
        "lighthouse_runs": lh_runs,
        "edited_page": EDITED_PAGE,
        "budgets": BUDGETS,
        "times": times,
        "medians": {
            label: {name: median(values) for name, values in series.items()}
            for label, series in times.items()
        },
        "startup_floor": {"runs": floor, "median": median(floor)},
        "sizes": sizes,
        "page_weights": page_weights,
        "not_content_pages": sorted(
            not_content(w["page"] for ws in page_weights.values() for w in ws)
        ),
        "lighthouse": scores,
        "published_address": address if scores else None,
        "tests": tests,
        "profile": {
            "make_all_seconds": round(profiled.seconds, 1),
            "builds": builds,
            "summary": build_profile.summary(builds),
        },
        "bench_seconds": None,
        "sites": {"project": str(project.html), "stock": str(stock.html)},
    }
    data["bench_seconds"] = round(time.time() - started, 1)
    (out / "report.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    write_chart(data, out / "page-weights.png")
    summary = write_markdown(data, out / "report.md", project.html)
    print(summary)
    print(f"\nReport: {out / 'report.md'}  ({out / 'report.json'}, {out / 'page-weights.png'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
