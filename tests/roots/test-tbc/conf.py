extensions = ["myst_parser", "handbook.writing.tbc"]
myst_enable_extensions = ["colon_fence"]
