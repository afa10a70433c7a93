extensions = ["myst_parser", "handbook.tbc"]
