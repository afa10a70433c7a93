extensions = [
    "myst_parser",
    "handbook.writing.tbc",
    "handbook.writing.bibliography",
    "handbook.writing.cited_claims",
]
exclude_patterns = ["refs.bib"]
handbook_bibliography_files = ["refs.bib"]
bibtex_default_style = "handbook"
handbook_cited_claims_exempt = ["briefing"]
project = "Test handbook"
copyright = "2026, Test editors"
version = "1.0"
