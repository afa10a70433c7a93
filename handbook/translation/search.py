"""Search that finds Welsh words on the Welsh site.

Sphinx has no Welsh search language and would fall back to English: its English stop
words leave common Welsh words out of the index ("a", "i", "am", "at" are Welsh words too),
and its Porter stemmer applies English endings to Welsh words ("cymuned" is indexed as
"cymun"). Snowball has no Welsh stemmer, so Welsh words are indexed whole, lower-cased,
with no stop words: a reader finds a page by any word on it, mutated forms as written.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.search import SearchLanguage


class SearchWelsh(SearchLanguage):
    """Whole Welsh words, no stemming and no stop words."""

    lang = "cy"
    language_name = "Welsh"

    def stem(self, word: str) -> str:
        return word.lower()


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(SearchWelsh)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
