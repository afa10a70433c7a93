extensions = ["myst_parser", "handbook.writing.review"]
myst_enable_extensions = ["colon_fence"]
