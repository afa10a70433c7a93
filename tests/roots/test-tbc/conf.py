extensions = ["myst_parser", "handbook.tbc"]
myst_enable_extensions = ["colon_fence"]
