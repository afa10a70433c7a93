"""The Markdown report, the one-screen summary and the chart of ``make bench``."""

from __future__ import annotations

import math
import statistics
from pathlib import Path
from typing import Any

from bench.analysis import merged_gzip, pruned_gzip, unused_stylesheets
from bench.profile import owner_rows, phase_rows

KB = 1000  # decimal kilobytes, as the site's download sizes
NA = "-"  # no figure


def kb(n: float) -> str:
    return f"{n / KB:.1f} KB"


def mb(n: float) -> str:
    return f"{n / 1_000_000:.2f} MB"


def secs(s: float) -> str:
    return NA if s is None or math.isnan(s) else f"{s:.1f} s"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0 or math.isnan(a) or math.isnan(b):
        return NA
    return f"{a / b:.2f}x"


def med(values: Any) -> float:
    """The median (the mean of the two middle values for an even count)."""
    return statistics.median(list(values))


def status(ok: bool | None) -> str:
    return NA if ok is None else ("**met**" if ok else "**missed**")


def _pages(data: dict[str, Any], label: str) -> dict[str, dict[str, Any]]:
    return {p["page"]: p for p in data["page_weights"][label]}


def content_pages(data: dict[str, Any], label: str) -> dict[str, dict[str, Any]]:
    skip = set(data["not_content_pages"])
    return {k: v for k, v in _pages(data, label).items() if k not in skip}


def suite_within(tests: dict[str, Any] | None, budget: float) -> bool | None:
    """Whether the suite passed within its budget; None where it was not run. A suite that
    failed is not within it, however fast: a failure can end a run early."""
    if not tests:
        return None
    return bool(tests["passed"]) and tests["seconds"] <= budget


def suite_row(data: dict[str, Any]) -> tuple[str, str, str, str, str, str]:
    """The summary's row for ``make test``: its time and count, against its budget."""
    tests, budget = data.get("tests"), data["budgets"].get("test_suite_s")
    return (
        "test suite (`make test` after `make all`)",
        f"{secs(tests['seconds'])}, {tests.get('count') or '?'} tests"
        + ("" if tests["passed"] else " (failures)")
        if tests
        else "skipped",
        NA,
        NA,
        f"≤ {budget:.0f} s" if budget else "",
        status(suite_within(tests, budget)) if budget else "",
    )


def summary_rows(data: dict[str, Any]) -> list[tuple[str, str, str, str, str, str]]:
    b, m = data["budgets"], data["medians"]
    p, s = m["project"], m["stock"]
    rows = []
    for name, label in (("html", "HTML"), ("epub", "ePub"), ("pdf", "PDF")):
        rows.append(
            (f"{label} full build", secs(p[name]), secs(s[name]), ratio(p[name], s[name]), "", "")
        )
    rows.append(
        (
            "`make all`, warm: handbook 3 editions x 2 languages; stock 3 English editions",
            secs(p["make_all"]),
            secs(s["make_all"]),
            ratio(p["make_all"], s["make_all"]),
            f"≤ {b['make_all_s']:.0f} s; ≤ {b['make_all_ratio']:.1f}x",
            status(
                p["make_all"] <= b["make_all_s"]
                and p["make_all"] <= b["make_all_ratio"] * s["make_all"]
            ),
        )
    )
    if "make_html" in p and not math.isnan(p["make_html"]):
        rows.append(
            (
                "`make html`, warm: the 3 English editions alone (like with like)",
                secs(p["make_html"]),
                secs(s["make_all"]),
                ratio(p["make_html"], s["make_all"]),
                "",
                "",
            )
        )
    rows.append(
        (
            "`make all` after editing one page",
            secs(p["make_all_after_edit"]),
            NA,
            NA,
            "",
            "",
        )
    )
    rows.append(
        (
            "HTML rebuild after editing one page",
            secs(p["incremental_html"]),
            secs(s["incremental_html"]),
            ratio(p["incremental_html"], s["incremental_html"]),
            f"≤ {b['incremental_html_s']:.0f} s; ≤ {b['incremental_html_ratio']:.1f}x",
            status(
                p["incremental_html"] <= b["incremental_html_s"]
                and p["incremental_html"] <= b["incremental_html_ratio"] * s["incremental_html"]
            ),
        )
    )
    rows.append(suite_row(data))
    pc, sc = content_pages(data, "project"), content_pages(data, "stock")
    pmax = max(pc.values(), key=lambda w: w["gzip"])
    smax = max(sc.values(), key=lambda w: w["gzip"])
    pmed = med(w["gzip"] for w in pc.values())
    smed = med(w["gzip"] for w in sc.values())
    over = [k for k, w in pc.items() if w["gzip"] > b["content_page_gzip"]]
    rows.append(
        (
            "content page first view, gzip: heaviest",
            f"{kb(pmax['gzip'])} ({pmax['page']})",
            f"{kb(smax['gzip'])} ({smax['page']})",
            ratio(pmax["gzip"], smax["gzip"]),
            f"≤ {kb(b['content_page_gzip'])} each",
            status(not over) + (f" ({len(over)} of {len(pc)} over)" if over else ""),
        )
    )
    rows.append(
        ("content page first view, gzip: median", kb(pmed), kb(smed), ratio(pmed, smed), "", "")
    )
    if data["page_weights"].get("uncut"):
        uc = content_pages(data, "uncut")
        umed = med(w["gzip"] for w in uc.values())
        rows.append(
            (
                "... the same before the cut (handbook.web.assets off)",
                kb(umed),
                kb(smed),
                ratio(umed, smed),
                "",
                "",
            )
        )
    pbr = med(w["brotli"] for w in pc.values())
    sbr = med(w["brotli"] for w in sc.values())
    rows.append(
        ("content page first view, brotli: median", kb(pbr), kb(sbr), ratio(pbr, sbr), "", "")
    )
    preq = med(w["requests"] for w in pc.values())
    sreq = med(w["requests"] for w in sc.values())
    rows.append(
        ("requests per content page (median)", f"{preq:g}", f"{sreq:g}", ratio(preq, sreq), "", "")
    )
    ps, ss = _pages(data, "project")["search.html"], _pages(data, "stock")["search.html"]
    rows.append(
        (
            "search page first view, gzip",
            kb(ps["gzip"]),
            kb(ss["gzip"]),
            ratio(ps["gzip"], ss["gzip"]),
            f"≤ {kb(b['search_page_gzip'])}",
            status(ps["gzip"] <= b["search_page_gzip"]),
        )
    )
    for name, label, budget in (("epub", "ePub", "epub_bytes"), ("pdf", "PDF", "pdf_bytes")):
        pv, sv = data["sizes"]["project"][name], data["sizes"]["stock"][name]
        rows.append(
            (
                f"{label} size",
                mb(pv),
                mb(sv),
                ratio(pv, sv),
                f"≤ {mb(b[budget])}",
                status(pv <= b[budget]),
            )
        )
    for page in data["lighthouse"].get("project", {}):
        pscores = data["lighthouse"]["project"][page]["scores"]
        sscores = data["lighthouse"].get("stock", {}).get(page, {}).get("scores", {})
        fmt = "/".join(f"{pscores[c]:.0f}" for c in pscores)
        sfmt = "/".join(f"{sscores[c]:.0f}" for c in sscores) if sscores else NA
        lost = data["lighthouse"]["project"][page]["lost_points"]
        unindexed = not_for_search_engines(lost)
        ok = all(v >= b["lighthouse"] for c, v in pscores.items() if not (c == "seo" and unindexed))
        rows.append(
            (
                f"Lighthouse mobile P/A/BP/SEO: {page}",
                fmt,
                sfmt,
                "",
                "100/100/100/-" if unindexed else "100/100/100/100",
                status(ok),
            )
        )
    return rows


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _breakdown(page: dict[str, Any], stock_paths: set[str]) -> str:
    rows = [
        (
            r["path"],
            r["kind"],
            kb(r["raw"]),
            kb(r["gzip"]),
            kb(r["brotli"]),
            "yes" if r["path"] in stock_paths else "no",
        )
        for r in sorted(page["resources"], key=lambda r: -r["gzip"])
    ]
    rows.append(
        (
            "**total**",
            f"{page['requests']} requests",
            kb(page["raw"]),
            kb(page["gzip"]),
            kb(page["brotli"]),
            "",
        )
    )
    return table(("file", "kind", "raw", "gzip", "brotli", "also in stock"), rows)


def why_content_pages(data: dict[str, Any], site: Path) -> list[str]:
    """Why content pages miss the budget, and what it would take, from the figures."""
    budget = data["budgets"]["content_page_gzip"]
    pc = content_pages(data, "project")
    over = {k: w for k, w in pc.items() if w["gzip"] > budget}
    if not over:
        return [f"Every content page is within {kb(budget)} gzip."]
    lines = [
        f"{len(over)} of {len(pc)} content pages are over {kb(budget)} gzip: "
        + ", ".join(
            f"{k} {kb(w['gzip'])} (+{kb(w['gzip'] - budget)})" for k, w in sorted(over.items())
        )
        + "."
    ]
    sd = "_static/sphinx-design.min.css"
    for name, page in sorted(over.items()):
        paths = {r["path"] for r in page["resources"]}
        if sd in paths and (site / sd).exists():
            whole, cut = pruned_gzip(site, name, sd, "sd-")
            lines.append(
                f"{name} uses sphinx-design's classes, so it loads the whole stylesheet "
                f"({kb(whole)} gzip) for a handful of rules: cut down to the classes the "
                f"page uses it would be {kb(cut)}, saving {kb(whole - cut)} "
                f"(page: {kb(page['gzip'] - whole + cut)})."
            )
    heaviest = max(
        (
            w
            for k, w in over.items()
            if "_static/sphinx-design.min.css" not in {r["path"] for r in w["resources"]}
        ),
        key=lambda w: w["gzip"],
        default=max(over.values(), key=lambda w: w["gzip"]),
    )
    own = [
        r["path"]
        for r in heaviest["resources"]
        if r["kind"] == "css"
        and not r["path"].startswith(("_static/styles/", "_static/sphinx-design"))
        and not r["path"].endswith("pygments.css")
    ]
    if len(own) > 1 and all((site / p).exists() for p in own):
        apart, joined = merged_gzip(site, own)
        lines.append(
            f"The project's own stylesheets on {heaviest['page']} are {len(own)} files "
            f"({', '.join(Path(p).name for p in own)}): {kb(apart)} gzip apart, {kb(joined)} "
            f"as one file ({kb(apart - joined)} and {len(own) - 1} requests less)."
        )
        sizes = {r["path"]: r["gzip"] for r in heaviest["resources"]}
        idle = unused_stylesheets(site, heaviest["page"], own)
        if idle:
            lines.append(
                f"Loaded on {heaviest['page']} but matching nothing on it: "
                + ", ".join(f"{p} ({kb(sizes[p])})" for p in idle)
                + "."
            )
        scripts = [r for r in heaviest["resources"] if r["kind"] == "js"]
        lines.append(
            f"Scripts on {heaviest['page']}: "
            + ", ".join(f"{Path(r['path']).name} {kb(r['gzip'])}" for r in scripts)
            + f"; furo.css alone is {kb(sizes.get('_static/styles/furo.css', 0))} and the page "
            f"itself {kb(sizes.get(heaviest['page'], 0))}."
        )
    return lines


def not_for_search_engines(lost_points: list[str]) -> bool:
    """The page's only lost SEO audit is the one a page that asks not to be indexed
    (``noindex``: Sphinx's search page) cannot pass: the SEO budget is for indexed pages."""
    seo = [audit for audit in lost_points if audit.startswith("seo: ")]
    return bool(seo) and all(audit.startswith("seo: is-crawlable ") for audit in seo)


def why_others(data: dict[str, Any]) -> list[str]:
    """Lighthouse, rebuild and build-time budgets: what was missed and why, from the data."""
    b, m = data["budgets"], data["medians"]
    p, s = m["project"], m["stock"]
    pc = m.get("project_cpu", {})
    floor = data.get("startup_floor", {}).get("median")
    lines = []
    rebuild_ratio = p["incremental_html"] / s["incremental_html"]
    if p["incremental_html"] > b["incremental_html_s"]:
        line = (
            f"HTML rebuild after editing one page: {secs(p['incremental_html'])} (CPU "
            f"{secs(pc.get('incremental_html'))}); stock {secs(s['incremental_html'])} (ratio "
            f"{ratio(p['incremental_html'], s['incremental_html'])}); starting Python and "
            f"importing Sphinx, myst-parser, sphinx-design and furo took {secs(floor)} "
            f"(load average {data['machine']['load_average_at_end'][1]:.1f} on "
            f"{data['machine']['cpus']} CPUs)."
        )
        # a conclusion only where this run's figures carry it
        if (
            floor is not None
            and rebuild_ratio <= b["incremental_html_ratio"]
            and floor > 0.8 * p["incremental_html"]
        ):
            line += (
                f" The ratio is within {b['incremental_html_ratio']:.1f}x and the start-up is "
                f"{floor / p['incremental_html']:.0%} of the rebuild: on this machine now, the "
                "time is start-up, not the project's extensions."
            )
        lines.append(line)
    if p["make_all"] > b["make_all_s"] or p["make_all"] > b["make_all_ratio"] * s["make_all"]:
        line = (
            f"`make all` warm: {secs(p['make_all'])} (CPU {secs(pc.get('make_all'))}) against "
            f"stock's {secs(s['make_all'])} ({ratio(p['make_all'], s['make_all'])})."
        )
        prof = (data.get("profile") or {}).get("summary")
        if prof:
            line += (
                f" In the profiled `make all` of this run, the {prof['builds']} builds' "
                f"processes took {secs(prof['process_seconds'])} together: start-up "
                f"{secs(prof['start_up'])}, reading {secs(prof['reading'])}, writing "
                f"{secs(prof['writing'])}, WeasyPrint {secs(prof['weasyprint'])}; the "
                f"project's handlers and transforms {secs(prof['handbook_spans'])} (see "
                "'Where a full build's time goes')."
            )
        lines.append(line)
    tests, suite_budget = data.get("tests"), b.get("test_suite_s")
    if suite_budget and suite_within(tests, suite_budget) is False:
        line = (
            f"Test suite: {secs(tests['seconds'])} for {tests.get('count') or '?'} tests "
            f"against {secs(suite_budget)}"
            + ("" if tests["passed"] else ", and it did not pass")
            + "."
        )
        together = tests.get("all_durations_seconds")
        if together:
            line += (
                f" The tests' own setup, call and teardown add up to {secs(together)}, "
                f"{together / tests['seconds']:.2f} times the wall clock, on "
                f"{data['machine']['cpus']} CPUs (load average "
                f"{data['machine']['load_average_at_end'][1]:.1f} at the end)."
            )
        if tests.get("tested_make_build") is False:
            line += " The tests built the handbook themselves: make's build was not from nothing."
        lines.append(line)
    for page, result in data["lighthouse"].get("project", {}).items():
        low = {c: v for c, v in result["scores"].items() if v < b["lighthouse"]}
        if not low:
            continue
        why = "; ".join(result["lost_points"])
        line = f"Lighthouse on {page}: {', '.join(f'{c} {v:.0f}' for c, v in low.items())} ({why})."
        if not_for_search_engines(result["lost_points"]):
            line += (
                " The page asks not to be indexed (`noindex`; Sphinx's search page does, on "
                "purpose: a page of search results should not be in search engines), so "
                "Lighthouse's is-crawlable audit cannot pass: the SEO budget applies to "
                "indexed pages."
            )
        lines.append(line)
    return lines


def welsh_lines(data: dict[str, Any]) -> list[str]:
    """What the Welsh edition adds: each Welsh build against the English one, and tests."""
    medians = data["medians"]["project"]
    rows: list[tuple[str, ...]] = [
        (
            edition,
            secs(medians.get(edition)),
            secs(medians.get(f"{edition}_cy")),
            ratio(medians.get(f"{edition}_cy"), medians.get(edition)),
        )
        for edition in ("epub", "pdf", "html")
    ]
    english = sum(medians.get(e, 0.0) for e in ("epub", "pdf", "html"))
    welsh = sum(medians.get(f"{e}_cy", 0.0) for e in ("epub", "pdf", "html"))
    rows.append(("all three", secs(english), secs(welsh), ratio(welsh, english)))
    lines = [
        "Fresh builds, medians, in the same runs. `make all` builds both languages: its",
        f"time above includes the Welsh editions ({secs(welsh)} of fresh builds).",
        "",
        table(("edition", "English", "Welsh", "Welsh / English"), rows),
        "",
    ]
    tests = data.get("tests")
    if tests and tests.get("welsh_seconds") is not None:
        lines.append(
            f"Tests: the second language's own test files took {secs(tests['welsh_seconds'])} "
            f"of the {secs(tests.get('all_durations_seconds'))} every test's setup, call and "
            f"teardown took together (pytest's full `--durations=0` list; the suite ran in "
            f"{secs(tests['seconds'])} wall clock). "
            + (
                "The tests read the editions `make all` had built."
                if tests.get("tested_make_build")
                else "The suite built its own copy of the handbook (counted in whichever "
                "test first asked for it): `make all`'s build could not be used."
            )
        )
    else:
        lines.append("Tests: skipped (BENCH_SKIP_TESTS).")
    return lines


def profile_section(data: dict[str, Any]) -> list[str]:
    """The profile of one warm `make all` of this run (handbook.build_profile)."""
    prof = data.get("profile")
    if not prof or not prof.get("builds"):
        return ["## Where a full build's time goes", "", "Not measured.", ""]
    builds = prof["builds"]
    summary = prof["summary"]
    return [
        "## Where a full build's time goes",
        "",
        f"One `make all`, warm, with `HANDBOOK_PROFILE` set: {secs(prof['make_all_seconds'])} "
        f"wall clock; its {summary['builds']} builds' own times add up to "
        f"{secs(summary['process_seconds'])} (the languages run side by side). Each language's "
        "editions are built in one process from one reading: start-up and reading are paid by "
        "the first (ePub), the other two read the doctrees it left. WeasyPrint: the PDF "
        "layout, and on the site the briefing poster's. ePub and PDF are the downloads the "
        "site embeds.",
        "",
        table(
            ("build", *PHASE_HEADERS, "of which WeasyPrint", "total"),
            phase_rows(builds),
        ),
        "",
        "Each extension's event handlers and transforms (exclusive time, every build of the "
        "run; the rest of reading is parsing, the rest of writing Sphinx's own writing):",
        "",
        table(("extension", "seconds", "by language", "calls", "costliest"), owner_rows(builds)),
        "",
    ]


PHASE_HEADERS = ("start-up", "set-up", "reading", "writing", "finishing")


def write_markdown(data: dict[str, Any], path: Path, site: Path) -> str:
    rows = summary_rows(data)
    summary = table(("measure", "handbook", "stock", "ratio", "budget", "status"), rows)
    b = data["budgets"]
    pc, sc = _pages(data, "project"), _pages(data, "stock")
    uncut = _pages(data, "uncut") if data["page_weights"].get("uncut") else {}
    weight_rows = []
    for name, w in sorted(pc.items()):
        s = sc.get(name)
        limit = (
            b["search_page_gzip"]
            if name == "search.html"
            else (None if name in data["not_content_pages"] else b["content_page_gzip"])
        )
        weight_rows.append(
            (
                name,
                str(w["requests"]),
                kb(w["raw"]),
                kb(w["gzip"]),
                kb(w["brotli"]),
                kb(uncut[name]["gzip"]) if name in uncut else NA,
                kb(s["gzip"]) if s else NA,
                ratio(w["gzip"], s["gzip"]) if s else NA,
                kb(limit) if limit else NA,
                status(w["gzip"] <= limit) if limit else NA,
            )
        )
    heaviest = max(
        (w for k, w in pc.items() if k not in data["not_content_pages"]), key=lambda w: w["gzip"]
    )
    lightest = min(
        (w for k, w in pc.items() if k not in data["not_content_pages"]), key=lambda w: w["gzip"]
    )
    stock_paths = {r["path"] for w in sc.values() for r in w["resources"]}
    lh_lines = []
    for label in ("project", "stock"):
        for page, result in data["lighthouse"].get(label, {}).items():
            scores = result["scores"]
            lost = "; ".join(result["lost_points"]) or "none"
            lh_lines.append(
                (
                    label,
                    page,
                    *(f"{scores[c]:.0f}" for c in scores),
                    " / ".join("-".join(f"{r[c]:.0f}" for c in r) for r in result["runs"]),
                    lost,
                )
            )
    tests = data.get("tests")
    m = data["machine"]
    cpu_rows = [
        (
            name,
            secs(data["medians"]["project_cpu"][name]),
            secs(data["medians"]["stock_cpu"][name]),
            ratio(data["medians"]["project_cpu"][name], data["medians"]["stock_cpu"][name]),
        )
        for name in data["medians"]["project_cpu"]
    ]
    text = [
        "# `make bench` report",
        "",
        f"{data['date']}; {m['cpus']} CPUs, Python {m['python']}; load average at the end "
        f"{', '.join(f'{x:.1f}' for x in m['load_average_at_end'])}. Build times are medians of "
        f"{data['runs']} runs; each run builds the handbook and then the stock baseline, so a "
        "busy moment on this shared machine hits both. Each row says what it compares: "
        "`make all` builds six outputs in two languages, stock three in English; the "
        "`make html` row is the handbook's three English editions alone. Lighthouse scores are medians of "
        f"{data['lighthouse_runs']} runs, on the site as published: built with its address "
        f"(`make all BASEURL={data.get('published_address', '?')}`) and served there. Page weights: KB = 1000 bytes; gzip level 6, brotli "
        "quality 11, per file. How each figure is measured: docs/performance.md.",
        "",
        "## Summary",
        "",
        summary,
        "",
        "Ratio: handbook ÷ stock (below 1 is lighter or faster). Stock: the same `source/` with "
        "plain Sphinx + furo + sphinx-design + myst-parser and stand-ins for the project's roles "
        "and directives (bench/stock/). Stock has no PDF builder: its PDF is Sphinx's "
        "single-page HTML printed by WeasyPrint with its defaults.",
        "",
        "## Budgets: why a budget is missed",
        "",
        *[f"- {line}" for line in why_content_pages(data, site)],
        *[f"- {line}" for line in why_others(data)],
        "",
        "## First view of every page",
        "",
        table(
            (
                "page",
                "requests",
                "raw",
                "gzip",
                "brotli",
                "gzip before the cut",
                "stock gzip",
                "ratio",
                "budget",
                "status",
            ),
            weight_rows,
        ),
        "",
        "![page weights](page-weights.png)",
        "",
        f"### Where the weight goes: {heaviest['page']} (the heaviest content page)",
        "",
        _breakdown(heaviest, stock_paths),
        "",
        f"### {lightest['page']} (the lightest content page)",
        "",
        _breakdown(lightest, stock_paths),
        "",
        "### search.html",
        "",
        _breakdown(pc["search.html"], stock_paths),
        "",
        "## Lighthouse (mobile)",
        "",
        table(
            (
                "build",
                "page",
                "perf.",
                "a11y",
                "best pr.",
                "SEO",
                "runs",
                "audits that lost points",
            ),
            lh_lines,
        )
        if lh_lines
        else "Skipped.",
        "",
        "## Test suite",
        "",
        (
            f"{secs(tests['seconds'])}, one run of `make test` in the snapshot: {tests['summary']}"
            if tests
            else "Skipped (BENCH_SKIP_TESTS)."
        ),
        "",
        *[f"- {line}" for line in (tests or {}).get("failed", [])],
        "",
        "## The second language (Welsh)",
        "",
        *welsh_lines(data),
        "",
        *profile_section(data),
        "## CPU time (user + system, medians)",
        "",
        "Less sensitive than wall-clock time to other people's builds on the same machine.",
        "",
        table(("measure", "handbook", "stock", "ratio"), cpu_rows),
        "",
        f"Start-up floor (Python + Sphinx, myst-parser, sphinx-design, furo imported): "
        f"{secs(data.get('startup_floor', {}).get('median'))}.",
        "",
        "## Every timed run (seconds)",
        "",
        table(
            ("build", "measure", "runs"),
            [
                (label, name, ", ".join(f"{v:.2f}" for v in values) or NA)
                for label, series in data["times"].items()
                for name, values in series.items()
            ],
        ),
        "",
    ]
    path.write_text("\n".join(text), encoding="utf-8")
    return "\n".join(["make bench: summary", "", summary])


def write_chart(data: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pc, sc = _pages(data, "project"), _pages(data, "stock")
    names = sorted(pc, key=lambda k: pc[k]["gzip"])
    y = range(len(names))
    fig, ax = plt.subplots(figsize=(9, 0.38 * len(names) + 1.6), dpi=110)
    ax.barh(
        [i + 0.2 for i in y],
        [sc[n]["gzip"] / KB if n in sc else 0 for n in names],
        height=0.4,
        color="#b0b0b0",
        label="stock Sphinx + furo + sphinx-design",
    )
    ax.barh(
        [i - 0.2 for i in y],
        [pc[n]["gzip"] / KB for n in names],
        height=0.4,
        color="#1d70b8",
        label="handbook",
    )
    content = data["budgets"]["content_page_gzip"] / KB
    search = data["budgets"]["search_page_gzip"] / KB
    ax.axvline(
        content, color="#d4351c", linestyle="--", label=f"content page budget ({content:.0f} KB)"
    )
    ax.axvline(
        search, color="#f47738", linestyle=":", label=f"search page budget ({search:.0f} KB)"
    )
    ax.set_yticks(list(y))
    ax.set_yticklabels([n.removesuffix(".html") for n in names], fontsize=8)
    ax.set_xlabel("first view, gzip (KB = 1000 bytes): page + stylesheets + scripts + images")
    ax.set_title("First-view weight of every page (empty cache)")
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
