extensions = [
    "myst_parser",
    "handbook.writing.bibliography",
    "handbook.translation.unique_ids",
]
exclude_patterns = ["refs.bib"]
handbook_bibliography_files = ["refs.bib"]
bibtex_default_style = "handbook"
language = "cy"
locale_dirs = ["locales"]
gettext_compact = False
project = "Test handbook"
copyright = "2026, Test editors"
version = "1.0"
