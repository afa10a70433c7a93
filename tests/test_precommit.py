"""The pre-commit configuration: it validates, and each hook passes a good example and fails
a bad one.

The project's own hooks (``language: system``) are run here exactly as pre-commit runs them:
the hook's ``entry`` and ``args``, then the file names unless ``pass_filenames: false``. The
file hygiene hooks (pre-commit-hooks from PyPI) are run through pre-commit itself in a
throw-away git repository; pre-commit installs them once into its cache.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".pre-commit-config.yaml"
PRE_COMMIT = ROOT / ".venv" / "bin" / "pre-commit"
LANGUAGE_ROOT = ROOT / "tests" / "roots" / "test-language"


def hooks() -> dict[str, dict[str, Any]]:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


def run_hook(hook_id: str, files: list[Path], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run a local hook the way pre-commit does."""
    hook = hooks()[hook_id]
    assert hook["language"] == "system"
    cmd = shlex.split(hook["entry"]) + list(hook.get("args", []))
    if hook.get("pass_filenames", True):
        cmd += [str(f) for f in files]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of what the page checks read, with the project's .venv and node_modules."""
    shutil.copytree(ROOT / "source", tmp_path / "source")
    (tmp_path / "tests").mkdir()
    for name in ("conftest.py", "test_content.py", "spelling_wordlist.txt"):
        shutil.copy(ROOT / "tests" / name, tmp_path / "tests" / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copy(ROOT / "cspell.json", tmp_path / "cspell.json")
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    return tmp_path


def test_config_validates() -> None:
    result = subprocess.run(
        [str(PRE_COMMIT), "validate-config", str(CONFIG)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_hook_is_local() -> None:
    """These machines cannot fetch hook repositories."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]


# -- Python -------------------------------------------------------------------------------


def test_ruff_hooks(tmp_path: Path) -> None:
    good = tmp_path / "good.py"
    good.write_text('"""A module."""\n\nVALUE = 1\n')
    unused = tmp_path / "unused.py"
    unused.write_text("import os\n")
    cramped = tmp_path / "cramped.py"
    cramped.write_text("x=1\n")
    assert run_hook("ruff-check", [good]).returncode == 0
    result = run_hook("ruff-check", [unused])
    assert result.returncode == 1 and "F401" in result.stdout
    assert run_hook("ruff-format", [good]).returncode == 0
    result = run_hook("ruff-format", [cramped])
    assert result.returncode == 1 and "1 file would be reformatted" in result.stdout


# -- The pages ----------------------------------------------------------------------------


def test_language_hook() -> None:
    assert run_hook("language", [LANGUAGE_ROOT / "good.md"]).returncode == 0
    result = run_hook("language", [LANGUAGE_ROOT / "bad.md"])
    assert result.returncode == 1
    assert f'{LANGUAGE_ROOT / "bad.md"}:7: "child prostitute" -> ' in result.stdout


def test_language_list_hook(project: Path) -> None:
    assert run_hook("language-list", [], cwd=project).returncode == 0
    (project / "source" / "_data" / "language.yaml").write_text("phrases: []\n")
    result = run_hook("language-list", [], cwd=project)
    assert result.returncode == 2
    assert "expected a non-empty list under 'phrases'" in result.stderr


def test_spelling_hook(project: Path) -> None:
    assert run_hook("spelling", [], cwd=project).returncode == 0, "the pages as they are"
    page = project / "source" / "start-here.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join([*lines, "", "We organize the color of the page.", ""]))
    result = run_hook("spelling", [], cwd=project)
    assert result.returncode == 1
    assert f"source/start-here.md:{len(lines) + 2}:organize" in result.stdout
    assert f"source/start-here.md:{len(lines) + 2}:color" in result.stdout


def test_front_matter_hook(project: Path) -> None:
    assert run_hook("front-matter", [], cwd=project).returncode == 0
    page = project / "source" / "start-here.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("review_due:", "next_review:", 1))
    result = run_hook("front-matter", [], cwd=project)
    assert result.returncode == 1
    assert "source/start-here.md: front matter lacks review_due" in result.stdout


def test_contact_data_hook(tmp_path: Path) -> None:
    data = ROOT / "source" / "_data" / "contacts.yaml"
    assert run_hook("contact-data", [data]).returncode == 0
    text = data.read_text(encoding="utf-8")
    bad = tmp_path / "contacts.yaml"
    bad.write_text(text.replace("  - id:", "  - idd:", 1))
    result = run_hook("contact-data", [bad])
    assert result.returncode == 1
    assert "invalid contact data" in result.stderr
    assert str(bad) in result.stderr


# -- File hygiene (through pre-commit) ---------------------------------------------------------


@pytest.fixture(scope="module")
def hygiene_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("hygiene")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    shutil.copy(CONFIG, repo / ".pre-commit-config.yaml")
    return repo


#: what pip prints when it cannot reach a package index
NO_INDEX = (
    "Temporary failure in name resolution",
    "Failed to establish a new connection",
    "Network is unreachable",
    "Could not fetch URL",
    "No matching distribution found",
    "ProxyError",
)


def pre_commit(repo: Path, hook_id: str, *files: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(PRE_COMMIT), "run", hook_id, "--files", *files],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    if "An unexpected error has occurred" in output:
        # only the absence of a package index is a reason to skip (an offline machine); any
        # other crash of pre-commit (a broken hook environment, a bad pin) is a failure
        if any(sign in output for sign in NO_INDEX):
            pytest.skip(f"pre-commit could not reach PyPI for pre-commit-hooks:\n{output}")
        pytest.fail(f"pre-commit failed:\n{output}")
    return result


def test_check_yaml_hook(hygiene_repo: Path) -> None:
    (hygiene_repo / "good.yaml").write_text("a: 1\n")
    (hygiene_repo / "bad.yaml").write_text("a: [1\n")
    assert pre_commit(hygiene_repo, "check-yaml", "good.yaml").returncode == 0
    result = pre_commit(hygiene_repo, "check-yaml", "bad.yaml")
    assert result.returncode == 1 and "bad.yaml" in result.stdout


def test_whitespace_hooks_fix_files(hygiene_repo: Path) -> None:
    (hygiene_repo / "good.md").write_text("# Title\n\nText.\n")
    (hygiene_repo / "spaces.md").write_text("# Title \n\nText.\n")
    (hygiene_repo / "no-newline.md").write_text("# Title\n\nText.")
    for hook_id in ("trailing-whitespace", "end-of-file-fixer"):
        assert pre_commit(hygiene_repo, hook_id, "good.md").returncode == 0
    result = pre_commit(hygiene_repo, "trailing-whitespace", "spaces.md")
    assert result.returncode == 1 and "Fixing spaces.md" in result.stdout
    assert (hygiene_repo / "spaces.md").read_text() == "# Title\n\nText.\n"
    result = pre_commit(hygiene_repo, "end-of-file-fixer", "no-newline.md")
    assert result.returncode == 1 and "Fixing no-newline.md" in result.stdout
    assert (hygiene_repo / "no-newline.md").read_text() == "# Title\n\nText.\n"
