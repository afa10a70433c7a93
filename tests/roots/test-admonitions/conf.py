extensions = ["myst_parser", "handbook.writing.admonitions"]
myst_enable_extensions = ["colon_fence"]
