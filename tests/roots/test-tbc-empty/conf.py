extensions = ["myst_parser", "handbook.writing.tbc"]
