"""The language check (handbook.writing.language): phrases that put responsibility on the child.

A good and a bad page in ``tests/roots/test-language/`` are checked by the Sphinx extension
(a warning at file:line with the suggestion; ``-W`` fails the build) and by the command line
used by pre-commit; the real pages in ``source/`` must pass.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from handbook.writing import language

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "source" / "_data" / "language.yaml"
TESTROOT = ROOT / "tests" / "roots" / "test-language"

#: (line of bad.md, phrase as written) for every finding expected in the bad page
EXPECTED_BAD = [
    (7, "child prostitute"),
    (9, "putting himself at risk"),
    (10, "risk-taking behaviour"),
    (13, "boyfriend"),
    (13, "in a relationship with"),
    (16, "consented"),
    (16, "went willingly"),
]


@pytest.fixture(scope="module")
def phrases() -> list[language.Phrase]:
    return language.load_phrases(DATA)


# -- the list ----------------------------------------------------------------------------


def test_the_list_covers_the_phrases_of_the_issue_and_the_style_guide(
    phrases: list[language.Phrase],
) -> None:
    examples = [
        "child prostitute",
        "child prostitution",
        "putting themselves at risk",
        "put themselves at risk",
        "in a relationship with",
        "consented",
        "promiscuous",
        "sexually active",
        "risk-taking behaviour",
        "boyfriend",
        "lifestyle choice",
        "chose to go",
        "went willingly",
    ]
    for example in examples:
        found = language.check_text(f"# Title\n\nThe words {example} here.\n", phrases)
        assert [f.found for f in found] == [example], example


def test_every_form_of_every_entry_is_matched(phrases: list[language.Phrase]) -> None:
    for phrase in phrases:
        assert phrase.suggestion and phrase.why
        for form in phrase.forms:
            for variant in language._expand(form):
                assert phrase.pattern.fullmatch(variant), (phrase.phrase, variant)
                assert phrase.pattern.fullmatch(variant.upper()), "case is ignored"


def test_matching_keeps_to_whole_words_and_simple_inflections(
    phrases: list[language.Phrase],
) -> None:
    def found(text: str) -> list[str]:
        return [f.found for f in language.check_text(text, phrases)]

    assert found("Two boyfriends. Child prostitutes.") == ["boyfriends", "Child prostitutes"]
    assert found("Risk taking behaviours; risk-\ntaking behaviour.") == [
        "Risk taking behaviours",
        "risk- taking behaviour",
    ]
    # Words that only contain a phrase, and a phrase split by a blank line, are not findings.
    assert found("Nonconsented. Sexually inactive. Putting themselves\n\nat risk.") == []
    # "consent" itself is the right word: a 16 year old can legally consent to sex.
    assert found("They can legally consent to sex.") == []


def test_a_broken_list_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "language.yaml"
    bad.write_text("phrases:\n  - phrase: x\n    forms: [x]\n    suggestion: y\n")
    with pytest.raises(language.LanguageDataError, match="entry 1: missing why"):
        language.load_phrases(bad)


# -- the Sphinx extension ------------------------------------------------------------------


@pytest.mark.sphinx(
    "html", testroot="language", confoverrides={"handbook_language_file": str(DATA)}
)
def test_build_warns_at_file_and_line_with_the_suggestion(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert "good.md" not in warnings, warnings
    found = [
        (int(m.group(1)), m.group(2))
        for m in re.finditer(r"bad\.md:(\d+): WARNING: language: \"([^\"]+)\"", warnings)
    ]
    assert found == EXPECTED_BAD, warnings
    assert (
        '"child prostitute" -> a child who is being sexually exploited. Why: A child cannot sell sex.'
        in warnings
    )
    assert "[handbook.language]" in warnings


def test_warnings_fail_a_strict_build(tmp_path: Path) -> None:
    """With -W, as the Makefile builds, a finding fails the build and names file and line."""
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
           "-D", f"handbook_language_file={DATA}", "-d", str(tmp_path / "doctrees"),
           str(TESTROOT), str(tmp_path / "html")]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    assert result.returncode != 0
    assert f"{TESTROOT / 'bad.md'}:7: WARNING: language:" in result.stderr


# -- the command line (pre-commit) -----------------------------------------------------------


def test_command_line_passes_a_good_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert language.main([str(TESTROOT / "good.md"), "--data", str(DATA)]) == 0
    assert capsys.readouterr().out == ""


def test_command_line_fails_a_bad_page_naming_file_line_and_suggestion(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = TESTROOT / "bad.md"
    assert language.main([str(bad), "--data", str(DATA)]) == 1
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert [(int(line.split(":")[1]), line.split('"')[1]) for line in lines] == EXPECTED_BAD
    assert lines[0] == (
        f'{bad}:7: "child prostitute" -> a child who is being sexually exploited. '
        "Why: A child cannot sell sex. This is abuse, not something the child does."
    )
    assert "<!-- language: allow -->" in out.err


def test_command_line_runs_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "handbook.writing.language", "tests/roots/test-language"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.startswith('tests/roots/test-language/bad.md:7: "child prostitute" -> ')


# -- the handbook itself -------------------------------------------------------------------


def test_the_handbook_pages_pass(phrases: list[language.Phrase]) -> None:
    findings = [
        f"{page.relative_to(ROOT)}:{finding.line}: {finding.message()}"
        for page in language.pages([ROOT / "source"])
        for finding in language.check_text(page.read_text(encoding="utf-8"), phrases)
    ]
    assert not findings, "\n".join(findings)


def test_the_handbook_build_uses_the_check() -> None:
    conf = (ROOT / "conf.py").read_text(encoding="utf-8")
    assert '"handbook.writing.language"' in conf
    assert 'handbook_language_file = "_data/language.yaml"' in conf


def test_the_data_and_lines_come_from_one_parse_as_from_two() -> None:
    """libyaml's parse gives what PyYAML's pure-Python ``safe_load`` and the lines' own
    parse give; text it finds fault with gets the pure-Python parser's error."""
    import yaml

    from handbook.writing.data_lines import list_item_lines, load_with_lines

    for name, key in [("language.yaml", "phrases"), ("contacts.yaml", "contacts")]:
        text = (ROOT / "source" / "_data" / name).read_text(encoding="utf-8")
        assert load_with_lines(text, key) == (yaml.safe_load(text), list_item_lines(text, key))
    bad = "phrases:\n  - phrase: [unclosed\n"
    with pytest.raises(yaml.YAMLError) as pure:
        yaml.safe_load(bad)
    with pytest.raises(yaml.YAMLError) as ours:
        load_with_lines(bad, "phrases")
    assert str(ours.value) == str(pure.value)
