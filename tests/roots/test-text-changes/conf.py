extensions = [
    "myst_parser",
    "handbook.writing.review",
    "handbook.web.text_changes",
]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
exclude_patterns = ["CHANGELOG.md"]
project = "Test handbook"
author = "Test editors"
language = "en_GB"
html_title = "Test handbook"
handbook_review_today = "2026-12-04"
handbook_text_changes_changelog = "CHANGELOG.md"
