extensions = ["myst_parser", "handbook.writing.language"]
myst_enable_extensions = ["colon_fence"]
# The test points handbook_language_file at the project's own list (confoverrides).
