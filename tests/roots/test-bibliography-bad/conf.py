extensions = ["myst_parser", "handbook.writing.tbc", "handbook.writing.bibliography"]
exclude_patterns = ["refs.bib"]
handbook_bibliography_files = ["refs.bib"]
bibtex_default_style = "handbook"
