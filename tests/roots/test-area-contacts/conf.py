extensions = [
    "myst_parser",
    "handbook.writing.tbc",
    "handbook.writing.bibliography",
    "handbook.writing.area_contacts",
]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_data"]
handbook_bibliography_files = ["_data/references.bib"]
bibtex_default_style = "handbook"
bibtex_reference_style = "label"
