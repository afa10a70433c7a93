extensions = ["myst_parser", "handbook.admonitions"]
myst_enable_extensions = ["colon_fence"]
