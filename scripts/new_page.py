"""Start a new page of the handbook from ``templates/page.md``.

    make new-page                                   # asks for a title and an owner
    make new-page TITLE="Online safety" OWNER="CSE handbook editorial team"
    python scripts/new_page.py --title ... --owner ... [--source DIR] [--today YYYY-MM-DD]

Writes ``source/<slug>.md`` with valid front matter (``last_reviewed`` and
``guidance_checked`` today, ``review_due`` six months on), never overwrites a page, and
prints where to add it to the table of contents in ``source/index.md``.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import re
import string
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "page.md"
REVIEW_MONTHS = 6


def slugify(title: str) -> str:
    """'Online safety & apps' -> 'online-safety-and-apps' (lower case, ASCII, hyphens)."""
    text = title.replace("&", " and ")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def render(title: str, owner: str, today: dt.date) -> str:
    template = string.Template(TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        title=title,
        owner=owner,
        last_reviewed=today.isoformat(),
        review_due=add_months(today, REVIEW_MONTHS).isoformat(),
        guidance_checked=today.isoformat(),
    )


def toctree_captions(index: Path) -> list[str]:
    """Captions of the tables of contents in ``index.md``, in order."""
    return re.findall(r"^:caption:\s*(.+?)\s*$", index.read_text(encoding="utf-8"), re.M)


def display(path: Path) -> str:
    """A path as the contributor knows it: relative to the project when it is inside it."""
    full = path.resolve()
    return str(full.relative_to(ROOT)) if full.is_relative_to(ROOT) else str(path)


def ask(prompt: str) -> str:
    try:
        return input(prompt).strip()
    except EOFError:
        return ""


def clean(value: str, what: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValueError(f"give the page's {what}")
    # The owner goes into the YAML front matter as it is: keep it a plain YAML string.
    if what == "owner" and (value[0] in "@[]{}*&!%|>'\"`#,?-" or ":" in value or "#" in value):
        raise ValueError("write the owner as a plain role or team name (no ':' or '#')")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make new-page", description=__doc__.splitlines()[0])
    parser.add_argument("--title", help='the page title, in sentence case ("Online safety")')
    parser.add_argument(
        "--owner", help="who keeps the page up to date: a role or team, not a person's email"
    )
    parser.add_argument("--source", type=Path, default=ROOT / "source", help="the pages' folder")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        title = clean(
            args.title if args.title is not None else ask("Page title (sentence case): "), "title"
        )
        owner = clean(
            args.owner if args.owner is not None else ask("Owner (a role or team): "), "owner"
        )
    except ValueError as err:
        print(f"new-page: {err}", file=sys.stderr)
        return 2
    slug = slugify(title)
    if not slug:
        print("new-page: the title needs some letters or digits", file=sys.stderr)
        return 2
    page = args.source / f"{slug}.md"
    shown = display(page)
    if page.exists():
        print(
            f"new-page: {shown} already exists; not overwriting it. Choose another title.",
            file=sys.stderr,
        )
        return 1
    page.write_text(render(title, owner, args.today or dt.date.today()), encoding="utf-8")
    index = args.source / "index.md"
    index_shown = display(index)
    captions = toctree_captions(index) if index.exists() else []
    print(f"Wrote {shown}.")
    print()
    print(f"Now add it to a table of contents: in {index_shown}, add this line to the")
    print("```{toctree} block of the section it belongs to, where it should come in the order:")
    print()
    print(f"    {slug}")
    print()
    if captions:
        print("The sections are: " + "; ".join(f'"{c}"' for c in captions) + ".")
    print("A page in no table of contents fails the build. Then run `make serve` to see it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
