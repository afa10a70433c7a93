"""The stock baseline: the handbook's pages built with plain Sphinx, furo and sphinx-design."""
