extensions = ["myst_parser", "handbook.writing.contacts"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_data"]
