"""What-if figures for the report: where a page's weight goes and what a cut would save."""

from __future__ import annotations

import re
from pathlib import Path

import tinycss2

from bench.server import gzip_size

_CLASS = re.compile(r"\.([A-Za-z_][\w-]*)")


def page_classes(html: str) -> set[str]:
    found: set[str] = set()
    for value in re.findall(r"""\sclass=["']([^"']*)["']""", html):
        found.update(value.split())
    return found


def prune_css(css: str, keep_class: set[str], prefix: str) -> str:
    """Keep the rules whose ``prefix``-classes all occur in ``keep_class`` (an estimate of a
    stylesheet cut down to what a page uses; rules without such a class are kept)."""

    def keep(rule: object) -> bool:
        prelude = tinycss2.serialize(rule.prelude)  # type: ignore[attr-defined]
        for selector in prelude.split(","):
            classes = {c for c in _CLASS.findall(selector) if c.startswith(prefix)}
            if classes <= keep_class:
                return True
        return False

    def walk(rules: list[object]) -> str:
        out = []
        for rule in rules:
            kind = getattr(rule, "type", "")
            if kind == "qualified-rule":
                if keep(rule):
                    out.append(tinycss2.serialize([rule]))
            elif (
                kind == "at-rule" and rule.content is not None and rule.lower_at_keyword == "media"
            ):  # type: ignore[attr-defined]
                inner = walk(
                    tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True)
                )  # type: ignore[attr-defined]
                if inner:
                    prelude = tinycss2.serialize(rule.prelude)  # type: ignore[attr-defined]
                    out.append(f"@media{prelude}{{{inner}}}")
            elif kind == "at-rule":
                out.append(tinycss2.serialize([rule]))
        return "".join(out)

    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    return walk(rules)


def pruned_gzip(site: Path, page: str, stylesheet: str, prefix: str) -> tuple[int, int]:
    """gzip size of ``stylesheet`` as it is, and cut down to the classes ``page`` uses."""
    css = (site / stylesheet).read_text(encoding="utf-8")
    classes = page_classes((site / page).read_text(encoding="utf-8"))
    return gzip_size(css.encode()), gzip_size(prune_css(css, classes, prefix).encode())


def merged_gzip(site: Path, files: list[str]) -> tuple[int, int]:
    """Sum of the files' gzip sizes, and gzip size of the files joined into one."""
    datas = [(site / f).read_bytes() for f in files]
    return sum(gzip_size(d) for d in datas), gzip_size(b"\n".join(datas))


def unused_stylesheets(site: Path, page: str, stylesheets: list[str]) -> list[str]:
    """The stylesheets whose every selector names a class or id that ``page`` lacks."""
    html = (site / page).read_text(encoding="utf-8")
    classes = page_classes(html)
    ids = set(re.findall(r"""\sid=["']([^"']*)["']""", html))
    unused = []
    for sheet in stylesheets:
        css = re.sub(r"/\*.*?\*/", "", (site / sheet).read_text(encoding="utf-8"), flags=re.S)
        selectors = [
            sel for prelude in re.findall(r"([^{}@]+)\{[^{}]*\}", css) for sel in prelude.split(",")
        ]
        if selectors and all(
            (set(_CLASS.findall(sel)) or set(re.findall(r"#([\w-]+)", sel)))
            and not (set(_CLASS.findall(sel)) & classes or set(re.findall(r"#([\w-]+)", sel)) & ids)
            for sel in selectors
        ):
            unused.append(sheet)
    return unused
