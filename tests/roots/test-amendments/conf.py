extensions = [
    "myst_parser",
    "handbook.writing.tbc",
    "handbook.writing.bibliography",
    "handbook.writing.review",
    "handbook.web.feed",
]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
exclude_patterns = ["CHANGELOG.md", "refs.bib"]
handbook_bibliography_files = ["refs.bib"]
bibtex_default_style = "handbook"
project = "Test handbook"
author = "Test editors"
language = "en_GB"
html_title = "Test handbook"
handbook_feed_changelog = "CHANGELOG.md"
handbook_review_today = "2026-12-04"
