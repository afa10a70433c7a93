"""Bad input a pull request could bring: each fault, put into a copy of the source, fails
the build with a message that names the file (and the line where it is known).

The copy is built with the HTML builder exactly as the Makefile builds it (warnings are
errors). The ePub and PDF of the session's build are put beside it, so the site's download
box finds them and the only problem in each build is the fault. A copy with no fault must
build green: otherwise every "failure" below could come from something else. The copy is
built once in full; each fault is then put in, built as a contributor's next build would be
(Sphinx reads again what changed) and taken out, and once every fault is undone the copy
must build green again, so that no fault's failure comes from an earlier one.

All of it is done once a run, by whichever worker asks first; the others share what it
found. Each build is a fresh Sphinx, a child forked from one process that has imported
Sphinx and the extensions once (tests/sphinx_forks.py).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
from conftest import SOURCE, Build, SphinxForks, built_once, shared_folder


def append(text: str) -> Callable[[str], str]:
    return lambda page: page.rstrip("\n") + "\n\n" + text + "\n"


def after_title(text: str) -> Callable[[str], str]:
    """Insert text straight after the page's '#' title line."""
    return lambda page: re.sub(
        r"(?m)^(# .+\n)", lambda m: m.group(1) + "\n" + text + "\n", page, count=1
    )


@dataclass(frozen=True)
class Fault:
    """One fault: which file of the source to change (or create), how, and what to expect."""

    id: str
    file: str
    change: Callable[[str], str]
    #: the message must match this too (what went wrong, in words)
    expect: str
    #: the line the message must name; None where no line is known (a whole-file fault)
    line: int | None = None


def line_of(file: str, needle: str) -> int:
    for number, line in enumerate((SOURCE / file).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {file}")


def page_length(file: str) -> int:
    return len((SOURCE / file).read_text(encoding="utf-8").rstrip("\n").splitlines())


NEW_PAGE = (
    "---\nowner: CSE handbook editorial team\nlast_reviewed: 2026-11-23\nreview_due: 2027-05-23\n"
    "guidance_checked: 2026-12-04\n---\n\n"
)

FAULTS = [
    Fault(
        "broken-cross-reference",
        "why-it-matters.md",
        append("See {ref}`no-such-label`."),
        r"undefined label|no-such-label",
        page_length("why-it-matters.md") + 2,
    ),
    Fault(
        "unknown-directive",
        "why-it-matters.md",
        append(":::{no-such-directive}\nText.\n:::"),
        r"Unknown directive type",
        page_length("why-it-matters.md") + 2,
    ),
    Fault(
        "unknown-role",
        "why-it-matters.md",
        append("A {no-such-role}`word` here."),
        r"Unknown interpreted text role",
        page_length("why-it-matters.md") + 2,
    ),
    Fault(
        "missing-image",
        "why-it-matters.md",
        append("![A chart that is not there](missing-chart.png)"),
        r"image file not readable|missing-chart",
        page_length("why-it-matters.md") + 2,
    ),
    Fault(
        "duplicate-label",
        "why-it-matters.md",
        append("(response-pathway)=\n## Another pathway\n\nText."),
        r"duplicate label",
        page_length("why-it-matters.md") + 3,
    ),
    Fault(
        "page-in-no-toctree",
        "stray-page.md",
        lambda _: NEW_PAGE + "# A stray page\n\nNobody links here.\n",
        r"(is not|isn't) included in any toctree",
    ),
    Fault(
        "malformed-front-matter",
        "why-it-matters.md",
        lambda page: page.replace("owner:", "owner: [unclosed", 1),
        r"front matter|YAML|yaml",
        None,
    ),
    Fault(
        "missing-front-matter-field",
        "why-it-matters.md",
        lambda page: re.sub(r"(?m)^review_due:.*\n", "", page, count=1),
        r"review_due",
    ),
    Fault(
        "invalid-contact-entry",
        "_data/contacts.yaml",
        lambda data: data.replace('phone: "0808 800 5000"', 'phone: "12345"', 1),
        r"12345",
        line_of("_data/contacts.yaml", "id: nspcc-helpline"),
    ),
    Fault(
        "skipped-heading-level",
        "why-it-matters.md",
        after_title("### A heading two levels down\n\nText."),
        r"[Hh]eading|header level",
        line_of("why-it-matters.md", "# Why it matters") + 2,
    ),
    Fault(
        "unclosed-code-fence",
        "why-it-matters.md",
        after_title("```text\nA fence that is never closed."),
        r"never closed|unclosed",
        line_of("why-it-matters.md", "# Why it matters") + 2,
    ),
    Fault(
        "unclosed-directive-fence",
        "why-it-matters.md",
        after_title(":::{practice-point}\nA call-out that is never closed."),
        r"never closed|unclosed",
        line_of("why-it-matters.md", "# Why it matters") + 2,
    ),
    Fault(
        "unclosed-html-comment",
        "why-it-matters.md",
        after_title("<!-- a note to editors that is never closed"),
        r"never closed",
        line_of("why-it-matters.md", "# Why it matters") + 2,
    ),
    Fault(
        "page-with-no-title",
        "why-it-matters.md",
        lambda page: re.sub(r"(?m)^# Why it matters\n", "", page, count=1),
        r"[Hh]eadings? start at H2|no title",
    ),
    Fault(
        "page-with-no-heading-at-all",
        "why-it-matters.md",
        lambda page: re.sub(r"(?m)^#+ .*\n", "", page),
        r"no title",
    ),
    Fault(
        "uncited-timescale",
        "why-it-matters.md",
        append("Tell social services within 48 hours."),
        r"states a number of days or hours .*needs a source",
        page_length("why-it-matters.md") + 2,
    ),
    Fault(
        "uncited-act",
        "why-it-matters.md",
        after_title("The Sexual Offences Act sets out the offences."),
        r"states the name of an Act .*needs a source",
        line_of("why-it-matters.md", "# Why it matters") + 2,
    ),
    Fault(
        "language-that-blames-the-child",
        "why-it-matters.md",
        append("Some young people keep putting themselves at risk."),
        r"language: .*putting themselves at risk",
        page_length("why-it-matters.md") + 2,
    ),
]


# The bibliography (handbook/writing/bibliography.py): each fault is an entry added at the end of
# the file (it starts two lines below the file's last line), or a citation on a page.
BIBLIOGRAPHY = "_data/references.bib"


def bib_entry(key: str, *fields: str) -> Callable[[str], str]:
    body = "".join(f"  {field},\n" for field in fields)
    return append(f"@report{{{key},\n{body}}}")


TITLE = "title = {A document}"
YEAR = "year = {2017}"
PUBLISHER = "organization = {Department for Education}"
NO_ADDRESS = "url = {tbc}"

FAULTS += [
    Fault(
        "citation-to-a-missing-key",
        "why-it-matters.md",
        append("As a source says {cite:p}`no-such-source`."),
        r'could not find bibtex key "no-such-source"',
        page_length("why-it-matters.md") + 2,
    ),
    Fault(
        "malformed-bibliography-entry",
        BIBLIOGRAPHY,
        append(
            "@report{test-malformed,\n  organization = {Department for Education}\n"
            "  title = {A comma missing above},\n  year = {2017},\n  url = {tbc},\n}"
        ),
        r"malformed bibliography entry 'test-malformed'",
        page_length(BIBLIOGRAPHY) + 2,
    ),
    Fault(
        "bibliography-entry-nothing-cites",
        BIBLIOGRAPHY,
        bib_entry("test-uncited", PUBLISHER, TITLE, YEAR, NO_ADDRESS),
        r"'test-uncited' is not cited by any page",
        page_length(BIBLIOGRAPHY) + 2,
    ),
    Fault(
        "bibliography-entry-with-no-title",
        BIBLIOGRAPHY,
        bib_entry("test-no-title", PUBLISHER, YEAR, NO_ADDRESS),
        r"'test-no-title' has no title",
        page_length(BIBLIOGRAPHY) + 2,
    ),
    Fault(
        "bibliography-entry-with-no-date",
        BIBLIOGRAPHY,
        bib_entry("test-no-date", PUBLISHER, TITLE, NO_ADDRESS),
        r"'test-no-date' has no date",
        page_length(BIBLIOGRAPHY) + 2,
    ),
    Fault(
        "bibliography-entry-with-no-author-or-publisher",
        BIBLIOGRAPHY,
        bib_entry("test-nobody", TITLE, YEAR, NO_ADDRESS),
        r"'test-nobody' has neither an author nor an organization",
        page_length(BIBLIOGRAPHY) + 2,
    ),
    Fault(
        "bibliography-address-never-checked",
        BIBLIOGRAPHY,
        bib_entry("test-unchecked", PUBLISHER, TITLE, YEAR, "url = {https://www.gov.uk/}"),
        r"'test-unchecked' has a url but no urldate",
        page_length(BIBLIOGRAPHY) + 2,
    ),
]


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stderr: str


#: copies of the source built side by side; each takes every LANES-th fault. One: each copy
#: costs a full build of the site, and the suite keeps both cores busy without a second
#: (the reproducibility test's second build of the handbook runs at the same time)
LANES = 1


def make_copy(handbook_build: Build, workdir: Path) -> Path:
    """A copy of the source, with the session's books beside it (the site offers them)."""
    workdir.mkdir()
    source = workdir / "source"
    shutil.copytree(SOURCE, source)
    shutil.copy(SOURCE.parent / "CHANGELOG.md", workdir)  # changes.md includes it
    for edition in ("epub", "pdf"):
        book = getattr(handbook_build, edition)
        (workdir / edition).mkdir()
        shutil.copy(book, workdir / edition / book.name)
    return source


def build(sphinx: SphinxForks, source: Path) -> Outcome:
    """The site, as the Makefile builds it, into the copy's own doctrees: after the first
    build, Sphinx reads again only what changed, as on a contributor's machine. Each build
    is a fresh Sphinx (a forked child of one process that has done the imports)."""
    result: subprocess.CompletedProcess[str] = sphinx.build("html", source=source)
    return Outcome(result.returncode, result.stderr)


def with_fault(sphinx: SphinxForks, source: Path, fault: Fault) -> Outcome:
    """Put the fault in, build, and take it out again (a created file is removed)."""
    target = source / fault.file
    existed = target.exists()
    before = target.read_text(encoding="utf-8") if existed else ""
    after = fault.change(before)
    assert after != before, f"{fault.id}: the fault changed nothing"
    target.write_text(after, encoding="utf-8")
    try:
        return build(sphinx, source)
    finally:
        if existed:
            target.write_text(before, encoding="utf-8")
        else:
            target.unlink()


def lane(handbook_build: Build, workdir: Path, faults: list[Fault]) -> dict[str, Outcome]:
    """One copy: a green build first, then each fault in turn (built incrementally and
    undone), then a build with every fault undone, which must be green again."""
    source = make_copy(handbook_build, workdir)
    with SphinxForks(workdir) as sphinx:
        outcomes = {f"no-fault {workdir.name}": build(sphinx, source)}
        for fault in faults:
            outcomes[fault.id] = with_fault(sphinx, source, fault)
        outcomes[f"undone {workdir.name}"] = build(sphinx, source)
    return outcomes


def make_outcomes(handbook_build: Build, folder: Path) -> None:
    """Every fault's build, and the green builds around them, in LANES copies side by side;
    saved (``outcomes.json``) for every worker."""
    lanes = [FAULTS[i::LANES] for i in range(LANES)]
    with ThreadPoolExecutor(max_workers=LANES) as pool:
        results = pool.map(
            lambda job: lane(handbook_build, folder / f"copy{job[0]}", job[1]),
            enumerate(lanes),
        )
        found = {name: asdict(outcome) for result in results for name, outcome in result.items()}
    (folder / "outcomes.json").write_text(json.dumps(found), encoding="utf-8")


@pytest.fixture(scope="session")
def outcomes(handbook_build: Build, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """``make_outcomes``, once a run: whichever worker asks first builds, the others wait
    and share what it found."""
    folder = built_once(
        shared_folder(tmp_path_factory) / "bad-input",
        lambda out: make_outcomes(handbook_build, out),
    )
    found = json.loads((folder / "outcomes.json").read_text(encoding="utf-8"))
    return {name: Outcome(**outcome) for name, outcome in found.items()}


def green(outcome: Outcome) -> None:
    assert outcome.returncode == 0, outcome.stderr
    assert not re.search(r"WARNING|ERROR|CRITICAL", outcome.stderr), outcome.stderr


def test_the_copy_builds_green_without_a_fault(outcomes: dict[str, Outcome]) -> None:
    clean = [name for name in outcomes if name.startswith("no-fault ")]
    assert len(clean) == LANES
    for name in clean:
        green(outcomes[name])


def test_the_copy_builds_green_again_once_every_fault_is_undone(
    outcomes: dict[str, Outcome],
) -> None:
    """No fault's build leaves anything behind that a later build would report (so each
    fault's failure is its own)."""
    undone = [name for name in outcomes if name.startswith("undone ")]
    assert len(undone) == LANES
    for name in undone:
        green(outcomes[name])


@pytest.mark.parametrize("fault", FAULTS, ids=[f.id for f in FAULTS])
def test_fault_fails_the_build_naming_file_and_line(
    fault: Fault, outcomes: dict[str, Outcome]
) -> None:
    outcome = outcomes[fault.id]
    assert outcome.returncode != 0, f"{fault.id}: the build stayed green"
    # the message names the file as it is in the copy: .../source/<file>[:line]
    where = re.escape(f"source/{fault.file}")
    located = [line for line in outcome.stderr.splitlines() if re.search(where, line)]
    assert located, f"{fault.id}: no message names {fault.file}:\n{outcome.stderr}"
    assert any(re.search(fault.expect, line) for line in located), (
        f"{fault.id}: no message about the fault:\n{outcome.stderr}"
    )
    if fault.line is not None:
        at_line = re.compile(rf"{where}:{fault.line}\b")
        assert any(at_line.search(line) for line in located), (
            f"{fault.id}: no message names line {fault.line}:\n{outcome.stderr}"
        )
