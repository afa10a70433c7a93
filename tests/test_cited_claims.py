"""Cited claims: a sentence that states a timescale, a year, an age or the name of an Act or
statutory guidance fails the build, at its page and line, unless it carries a citation or a
to-be-confirmed marker. The handbook itself passes: tests/test_bad_input.py builds it with an
uncited timescale added and checks that the build fails there."""

from __future__ import annotations

import re

import pytest
from sphinx.testing.util import SphinxTestApp

from handbook.writing.cited_claims import CITED, claims, sentences

GUIDANCE = ["Working Together to Safeguard Children", "statutory guidance"]


def warnings(app: SphinxTestApp) -> list[tuple[str, int, str]]:
    """(page, line, claim) of every uncited-claim warning."""
    found = []
    for line in app.warning.getvalue().splitlines():
        match = re.search(r"([\w-]+)\.md:(\d+): WARNING: a sentence that states (.+?) \(", line)
        if match and "uncited_claim" in line:
            found.append((match[1], int(match[2]), match[3]))
    return found


@pytest.mark.sphinx("html", testroot="cited-claims", freshenv=True)
def test_each_uncited_claim_fails_at_its_page_and_line(app: SphinxTestApp) -> None:
    app.build()
    assert warnings(app) == [
        ("claims", 3, "a number of days or hours"),
        ("claims", 5, "a number of days or hours"),
        ("claims", 7, "a year"),
        ("claims", 9, "an age"),  # a table cell: the table's line
        ("claims", 13, "a year"),  # the first claim of a sentence is named
        ("claims", 13, "the name of statutory guidance"),
        ("claims", 14, "an age"),
    ]


@pytest.mark.sphinx("html", testroot="cited-claims", freshenv=True)
def test_cited_quoted_code_addresses_and_exempt_pages_pass(app: SphinxTestApp) -> None:
    app.build()
    pages = {page for page, _, _ in warnings(app)}
    assert "index" not in pages  # every claim there is cited, quoted, code or an address
    assert "briefing" not in pages  # exempt: it restates the seed briefings


@pytest.mark.sphinx(
    "html", testroot="cited-claims", freshenv=True, confoverrides={"language": "cy"}
)
def test_a_translation_is_not_checked_again(app: SphinxTestApp) -> None:
    app.build()
    assert warnings(app) == []


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Confirm it within 24 hours", "a number of days or hours"),
        ("Contact them again after 7 working days", "a number of days or hours"),
        ("A decision within one working day", "a number of days or hours"),
        ("Published in November 2019", "a year"),
        ("Any child under 18", "an age"),
        ("A child aged 13 or younger", "an age"),
        ("Young people under the age of 18", "an age"),
        ("16 and 17 year olds can consent", "an age"),
        ("16-year-olds", "an age"),
        ("The Crime and Policing Act 2026 creates a duty", "the name of an Act"),
        ("the Social Services and Well-being (Wales) Act", "the name of an Act"),
        ("Read Working Together to Safeguard Children", "the name of statutory guidance"),
        ("It is statutory guidance", "the name of statutory guidance"),
    ],
)
def test_each_kind_of_claim_is_found(sentence: str, kind: str) -> None:
    assert kind in [found for found, _ in claims(sentence, GUIDANCE)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Talk to your safeguarding lead",
        "The Act says so",
        "Call 0808 800 5000",
        "Read https://www.example.org/2019/page",
        "Step 2 of 7",
        "Many children act on impulse",
    ],
)
def test_plain_sentences_state_no_claim(sentence: str) -> None:
    assert list(claims(sentence, GUIDANCE)) == []


def test_a_citation_counts_for_its_own_sentence_only() -> None:
    text = f"Within 24 hours {CITED}. Within 7 days.\nIn 2019 too."
    assert list(sentences(text)) == [
        (0, f"Within 24 hours {CITED}."),
        (0, "Within 7 days."),
        (1, "In 2019 too."),
    ]
