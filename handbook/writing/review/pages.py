"""Review dates on every page: who owns it, when it was last reviewed, when it is due.

Safeguarding guidance goes stale (law, local procedures and helplines change), so every
page carries ``owner``, ``last_reviewed``, ``review_due`` and ``guidance_checked`` (the day
its law and guidance were last checked against their sources) in its front matter.

- A missing field, a date that is not ISO, or a due date not after the review date is a
  build error naming the page and line.
- Every page shows "Law and guidance checked 4 December 2026 · Last reviewed 23 November
  2026 · next review due May 2027 · owner: …" under its title, in every edition and in the build's language (dates included): a :class:`review_info` node is put after the title
  when the page is read, and a post-transform renders it when the page is written.
- A page past its due date gets a visible notice and a line in the build log, never an
  error: the passing of time alone must not turn CI red. "Today" is the build's moment
  (``SOURCE_DATE_EPOCH``, so two builds of one commit are identical); ``handbook_review_today``
  fixes it for tests.

``python -m handbook.writing.review source`` prints every page by due date (``make review-report``).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from handbook.editions.metadata import edition_time
from handbook.translation import dates
from handbook.web.website_only import add_web_assets

logger = logging.getLogger(__name__)

FIELDS: Final = ("owner", "last_reviewed", "review_due", "guidance_checked")
ISO_DATE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclasses.dataclass(frozen=True)
class Review:
    """The review fields of one page, checked."""

    owner: str
    last_reviewed: dt.date
    review_due: dt.date
    #: when the page's law and guidance were last checked: a printed page says how current it is
    guidance_checked: dt.date

    def overdue(self, today: dt.date) -> bool:
        """Due date passed: the page shows a notice (a reminder, not an error)."""
        return self.review_due < today


def long_date(day: dt.date, language: str | None = None) -> str:
    """23 November 2026 (GOV.UK style, independent of the machine's locale)."""
    return dates.long_date(day, language)


def month_year(day: dt.date, language: str | None = None) -> str:
    """May 2027."""
    return dates.month_year(day, language)


def check_fields(meta: dict[str, Any]) -> tuple[Review | None, list[tuple[str, str]]]:
    """Check a page's front matter; return the review or the problems as (field, message)."""
    problems: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    for field in FIELDS:
        raw = meta.get(field)
        text = raw.isoformat() if isinstance(raw, dt.date) else str(raw or "").strip()
        if not text:
            problems.append((field, f"front matter field {field!r} is missing or empty"))
            continue
        if field == "owner":
            values[field] = text
            continue
        if not ISO_DATE.match(text):
            problems.append((field, f"{field} {text!r} is not an ISO date (YYYY-MM-DD)"))
            continue
        try:
            values[field] = dt.date.fromisoformat(text)
        except ValueError as err:
            problems.append((field, f"{field} {text!r} is not a valid date ({err})"))
    if not problems and values["review_due"] <= values["last_reviewed"]:
        problems.append(
            (
                "review_due",
                f"review_due {values['review_due']} must be after last_reviewed "
                f"{values['last_reviewed']}",
            )
        )
    if problems:
        return None, problems
    review = Review(
        values["owner"], values["last_reviewed"], values["review_due"], values["guidance_checked"]
    )
    return review, []


def field_lines(text: str) -> dict[str, int]:
    """Line of each top-level field of the front matter, so errors point at it."""
    lines = text.splitlines()
    found: dict[str, int] = {}
    if not lines or lines[0].strip() != "---":
        return found
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if match:
            found.setdefault(match.group(1), number)
    return found


def today(config: Config) -> dt.date:
    """The day the edition is "as of": ``handbook_review_today`` when set (tests inject a
    date), else the day of ``SOURCE_DATE_EPOCH`` (UTC), else the real date (what the
    title pages show: :func:`~handbook.editions.metadata.edition_time`).

    The build's moment, not the wall clock, so that two builds of one commit are identical
    (README: reproducible builds) and every edition is overdue as of the date it carries on
    its title page (docs/decisions.md).
    """
    value = config.handbook_review_today
    if value:
        return dt.date.fromisoformat(value)
    stamp = edition_time()  # SOURCE_DATE_EPOCH, or now when it is not set
    return dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)


# --- nodes -------------------------------------------------------------------------


class review_info(nodes.General, nodes.Element):
    """Placeholder after a page title; rendered at write time, when "today" is known."""


def _pass(self: Any, node: nodes.Element) -> None:
    """Never reached: the post-transform replaces every review_info node."""


# --- events --------------------------------------------------------------------------


def check_config(app: Sphinx, config: Config) -> None:
    """Fail early on a malformed ``handbook_review_today``."""
    value = config.handbook_review_today
    if value is None:
        return
    try:
        dt.date.fromisoformat(str(value))
    except ValueError as err:
        raise ConfigError(
            f"handbook_review_today must be an ISO date (YYYY-MM-DD) or None, not {value!r}"
        ) from err


def _store(env: BuildEnvironment) -> dict[str, tuple[Review, bool]]:
    """docname -> (review, overdue when last read); kept in the pickled environment."""
    if not hasattr(env, "handbook_reviews"):
        env.handbook_reviews = {}  # type: ignore[attr-defined]
    store: dict[str, tuple[Review, bool]] = env.handbook_reviews  # type: ignore[attr-defined]
    return store


def read_page(app: Sphinx, doctree: nodes.document) -> None:
    """Check the front matter of the page just read and put the review line after its title.

    The front matter is read again from the source with every value as text: MyST turns
    an impossible date such as 2027-02-30 into "malformed YAML" and drops every field,
    which would hide the real fault.
    """
    env = app.env
    docname = env.docname
    if docname in app.config.handbook_review_exempt:
        return
    try:
        text = Path(env.doc2path(docname)).read_text(encoding="utf-8")
    except OSError:
        text = ""
    meta = raw_front_matter(text) if text else dict(env.metadata.get(docname, {}))
    review, problems = check_fields(meta)
    if problems:
        lines = field_lines(text)
        for field, message in problems:
            logger.error(
                message, location=(docname, lines.get(field, 1)), type="handbook", subtype="review"
            )
        return
    assert review is not None
    _store(env)[docname] = (review, review.overdue(today(app.config)))
    node = review_info()
    node["owner"] = review.owner
    node["last_reviewed"] = review.last_reviewed.isoformat()
    node["review_due"] = review.review_due.isoformat()
    node["guidance_checked"] = review.guidance_checked.isoformat()
    node["docname"] = docname
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, node)
    else:
        doctree.insert(0, node)


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Forget a page that is re-read or removed."""
    _store(env).pop(docname, None)


def merge(
    app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment
) -> None:
    """Bring back what parallel readers stored."""
    theirs = _store(other)
    mine = _store(env)
    for docname in docnames:
        if docname in theirs:
            mine[docname] = theirs[docname]


def flipped(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Rewrite pages that became overdue since they were read, so their notice appears."""
    now = today(app.config)
    return [
        docname
        for docname, (review, was_overdue) in _store(env).items()
        if review.overdue(now) != was_overdue and docname not in removed
    ]


def log_overdue(app: Sphinx, exception: Exception | None) -> None:
    """One log line per overdue page; information for editors, not a warning."""
    if exception is not None:
        return
    now = today(app.config)
    for docname, (review, _overdue) in sorted(_store(app.env).items()):
        if review.overdue(now):
            logger.info(
                "review overdue: %s was due for review on %s (owner: %s)",
                app.env.doc2path(docname, False),
                review.review_due.isoformat(),
                review.owner,
            )


class RenderReviewInfo(SphinxPostTransform):
    """Write the review line (and the overdue notice) in every edition."""

    default_priority = 200

    def run(self, **kwargs: Any) -> None:
        now = today(self.config)
        for node in list(self.document.findall(review_info)):
            review = Review(
                node["owner"],
                dt.date.fromisoformat(node["last_reviewed"]),
                dt.date.fromisoformat(node["review_due"]),
                dt.date.fromisoformat(node["guidance_checked"]),
            )
            node.replace_self(render(review, now, self.config.language))


def _with_owner(text: str, owner: str, language: str | None) -> nodes.inline:
    """The review line with the owner's name marked as a name: it is front matter, in the
    source's language, so a translation keeps it as it is and says so (``lang``)."""
    line = nodes.inline(text, "")
    before, found, after = text.rpartition(owner)
    if not found:
        line += nodes.Text(text)
        return line
    classes = ["handbook-review-owner"]
    if language and not language.startswith("en"):
        classes.append("lang-en-GB")
    line += nodes.Text(before)
    line += nodes.inline(owner, owner, classes=classes)
    if after:
        line += nodes.Text(after)
    return line


def render(review: Review, now: dt.date, language: str | None = None) -> list[nodes.Node]:
    """The review line, and a notice when the page is overdue, in the build's language."""
    checked = _("Law and guidance checked %(date)s") % {
        "date": long_date(review.guidance_checked, language)
    }
    reviewed = _(
        "Last reviewed %(last_reviewed)s · next review due %(review_due)s · owner: %(owner)s"
    ) % {
        "last_reviewed": long_date(review.last_reviewed, language),
        "review_due": month_year(review.review_due, language),
        "owner": review.owner,
    }
    line = nodes.paragraph(classes=["handbook-review"])
    line += nodes.inline(checked, checked, classes=["handbook-review-guidance"])
    line += nodes.Text(" · ")
    line += _with_owner(reviewed, review.owner, language)
    result: list[nodes.Node] = [line]
    if review.overdue(now):
        body = _(
            "This page was due for review on %(review_due)s and has not been reviewed "
            "since. Check that what it says is still current before you rely on it."
        ) % {"review_due": long_date(review.review_due, language)}
        title = _("Review overdue")
        notice = nodes.admonition(classes=["handbook-review-overdue", "warning"])
        notice += nodes.title(title, title)
        notice += nodes.paragraph(body, body)
        result.append(notice)
    return result


def setup(app: Sphinx) -> None:
    """Register the review check, the review line and the overdue notice."""
    app.add_config_value("handbook_review_today", None, "env", types=[str, type(None)])
    app.add_config_value("handbook_review_exempt", [], "env", types=[list, tuple])
    app.add_node(review_info, html=(_pass, _pass), latex=(_pass, _pass), text=(_pass, _pass))
    app.add_post_transform(RenderReviewInfo)
    add_web_assets(app, css=("review.css",))
    app.connect("config-inited", check_config)
    # after sphinx's MetadataCollector (priority 500) has filled env.metadata
    app.connect("doctree-read", read_page, priority=600)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-get-outdated", flipped)
    app.connect("build-finished", log_overdue)


# --- make review-report -----------------------------------------------------------------


def raw_front_matter(text: str) -> dict[str, Any]:
    """The YAML front matter of a MyST page, every value as text (empty if none or broken)."""
    match = re.match(r"^---[ \t]*\n(.*?)\n---[ \t]*(\n|$)", text, re.DOTALL)
    if not match:
        return {}
    try:
        data = yaml.load(match.group(1), Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def report(srcdir: Path, now: dt.date, exclude: Sequence[str] = ()) -> tuple[list[str], int]:
    """Lines of the review report, pages by due date; and the number of invalid pages."""
    rows: list[tuple[dt.date, str, Review]] = []
    errors: list[str] = []
    for page in sorted(srcdir.rglob("*.md")):
        relative = page.relative_to(srcdir)
        if any(part.startswith(("_", ".")) for part in relative.parts):
            continue
        if any(relative.match(pattern) for pattern in exclude):
            continue
        shown = str(page)
        meta = raw_front_matter(page.read_text(encoding="utf-8"))
        review, problems = check_fields(meta)
        if review is None:
            errors.extend(f"{shown}: {message}" for _, message in problems)
            continue
        rows.append((review.review_due, shown, review))
    rows.sort(key=lambda row: (row[0], row[1]))
    lines = [f"Review report on {long_date(now)}: {len(rows)} pages by review due date", ""]
    width = max((len(shown) for _, shown, _ in rows), default=4)
    lines.append(f"{'due':<10}  {'status':<16}  {'page':<{width}}  {'last reviewed':<13}  owner")
    for due, shown, review in rows:
        days = (due - now).days
        if days < 0:
            status = f"OVERDUE {-days} d"
        elif days == 0:
            status = "due today"
        else:
            status = f"in {days} d"
        lines.append(
            f"{due.isoformat():<10}  {status:<16}  {shown:<{width}}  "
            f"{review.last_reviewed.isoformat():<13}  {review.owner}"
        )
    overdue = sum(1 for due, _, _ in rows if due < now)
    lines += ["", f"{overdue} overdue."]
    if errors:
        lines += ["", "Pages with invalid review fields:", *(f"  {e}" for e in errors)]
    return lines, len(errors)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the review report; exit 1 only when front matter is invalid, never for dates."""
    parser = argparse.ArgumentParser(
        prog="python -m handbook.writing.review",
        description="List handbook pages by review due date.",
    )
    parser.add_argument("srcdir", nargs="?", default="source", type=Path)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        help="ISO date to count from (default: today)")  # fmt: skip
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="leave out files that are not pages (repeatable)")  # fmt: skip
    args = parser.parse_args(argv)
    lines, errors = report(args.srcdir, args.today or dt.date.today(), args.exclude)
    print("\n".join(lines))
    return 1 if errors else 0
