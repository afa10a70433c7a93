extensions = ["myst_parser", "handbook.review"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["CHANGELOG.md"]
