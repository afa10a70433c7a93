extensions = ["myst_parser", "handbook.tbc", "handbook.bibliography"]
exclude_patterns = ["refs.bib"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "handbook"
project = "Test handbook"
copyright = "2026, Test editors"
version = "1.0"
