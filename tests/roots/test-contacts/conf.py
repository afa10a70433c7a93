extensions = ["myst_parser", "handbook.contacts"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_data"]
