extensions = ["myst_parser", "handbook.briefing"]
myst_enable_extensions = ["colon_fence"]
