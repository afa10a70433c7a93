extensions = ["myst_parser", "handbook.writing.briefing"]
myst_enable_extensions = ["colon_fence"]
