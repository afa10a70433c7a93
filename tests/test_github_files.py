"""The repository files around the handbook: GitHub issue forms, pull request template,
CODEOWNERS, Read the Docs configuration, and the contributor docs that describe them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
FORMS = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))
ISSUE_FORMS = [f for f in FORMS if f.name != "config.yml"]

# GitHub's issue form schema, the parts these forms use.
ELEMENT_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}
ID_RE = re.compile(r"^[A-Za-z0-9_-]+$")


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_two_issue_forms_exist() -> None:
    names = {load(f)["name"] for f in ISSUE_FORMS}
    assert names == {"Report an error in the handbook", "Suggest a change"}


@pytest.mark.parametrize("form", ISSUE_FORMS, ids=[f.stem for f in ISSUE_FORMS])
def test_issue_form_follows_the_schema(form: Path) -> None:
    data = load(form)
    assert set(data) <= {"name", "description", "title", "body", "labels", "assignees"}
    assert data["name"] and data["description"]
    body = data["body"]
    assert isinstance(body, list) and body
    assert any(e["type"] != "markdown" for e in body), "a form needs a field that is not markdown"
    ids = [e["id"] for e in body if "id" in e]
    assert len(ids) == len(set(ids)), "ids are unique"
    for element in body:
        assert element["type"] in ELEMENT_TYPES
        assert set(element) <= {"type", "id", "attributes", "validations"}
        attributes = element["attributes"]
        if "id" in element:
            assert ID_RE.match(element["id"])
        if element["type"] == "markdown":
            assert attributes["value"].strip()
            continue
        assert attributes["label"].strip()
        if element["type"] == "dropdown":
            options = attributes["options"]
            assert options and len(options) == len(set(options))
        if element["type"] == "checkboxes":
            assert all(option["label"].strip() for option in attributes["options"])
        if "validations" in element:
            assert set(element["validations"]) <= {"required"}


@pytest.mark.parametrize("form", ISSUE_FORMS, ids=[f.stem for f in ISSUE_FORMS])
def test_issue_form_warns_not_to_identify_a_child(form: Path) -> None:
    data = load(form)
    text = " ".join(e["attributes"].get("value", "") for e in data["body"])
    assert "could identify a child" in text
    assert "not the way to report a concern about a child" in text
    confirm = [e for e in data["body"] if e["type"] == "checkboxes"]
    assert confirm and all(o.get("required") for o in confirm[0]["attributes"]["options"])


def test_issue_template_config() -> None:
    data = load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert set(data) <= {"blank_issues_enabled", "contact_links"}
    assert data["blank_issues_enabled"] is False


def test_pull_request_template_has_the_content_checklist() -> None:
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(items) >= 10
    for needle in ("source", "invented", "{tbc}", "British spelling", "Child-centred",
                   "Front matter", "CHANGELOG.md", "table of contents"):  # fmt: skip
        assert any(needle in item for item in items), needle


def test_codeowners_names_no_invented_owner() -> None:
    """Handles are to be confirmed: every rule is a comment until they are known."""
    lines = (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
    rules = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    assert rules == []
    text = "\n".join(lines)
    assert "TO BE CONFIRMED" in text
    for path in ("/source/", "/source/_data/contacts.yaml", "/handbook/", "/CHANGELOG.md"):
        assert re.search(rf"^# {re.escape(path)}\s+<[a-z-]+>$", text, re.M), path


def test_readthedocs_builds_the_projects_own_editions() -> None:
    data = load(ROOT / ".readthedocs.yaml")
    assert data["version"] == 2
    build = data["build"]
    assert build["tools"]["python"] == "3.11"
    assert {"graphviz", "libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"} <= set(
        build["apt_packages"]
    )
    commands = build["commands"]
    # history first (the site's "exactly what changed" views), never failing the build
    assert commands[0] == "git fetch --unshallow --tags || true"
    assert commands[1] == "make html BUILDDIR=_build"
    joined = "\n".join(commands)
    for out in ("html", "pdf", "epub"):
        assert f'"$READTHEDOCS_OUTPUT/{out}' in joined
    assert "sphinx" not in data and "formats" not in data, "no LaTeX: the build is custom"
    # The apt packages are what scripts/setup-system checks for the build.
    setup = (ROOT / "scripts" / "setup-system").read_text(encoding="utf-8")
    block = setup.split("check_build() {")[1].split("}")[0]
    assert set(re.findall(r"need (\S+)", block)) == set(build["apt_packages"])


def test_docs_name_only_make_targets_that_exist() -> None:
    help_text = subprocess.run(
        ["make", "help"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    targets = set(re.findall(r"^  make (\S+)", help_text, re.M))
    assert {"serve", "new-page", "lint", "language"} <= targets
    for doc in ("contributing.md", "release-and-review.md", "content-model.md"):
        text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
        for target in set(re.findall(r"`make ([a-z][a-z-]*)", text)):
            assert target in targets, f"docs/{doc} names `make {target}`"


def test_docs_links_between_docs_resolve() -> None:
    def anchors(path: Path) -> set[str]:
        found = set()
        for heading in re.findall(r"^#{1,6} (.+)$", path.read_text(encoding="utf-8"), re.M):
            slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
            found.add(slug)
        return found

    for doc in ("contributing.md", "release-and-review.md", "content-model.md"):
        text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
        for target, anchor in re.findall(r"\]\(([\w.-]*\.md)?#([\w-]+)\)", text):
            path = ROOT / "docs" / (target or doc)
            assert path.is_file(), f"docs/{doc}: {target}"
            assert anchor in anchors(path), f"docs/{doc}: {target or doc}#{anchor}"
