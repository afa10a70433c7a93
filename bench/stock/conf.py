"""Stock baseline of ``make bench``: the handbook's ``source/`` with plain Sphinx + furo +
sphinx-design, none of the project's extensions, templates, styles or tuning.

Only what is needed to *parse* the pages is set: myst-parser with the syntax extensions the
pages are written in (colon fences, definition lists, field lists, attributes), heading
anchors (the pages link to ``#headings``), ``sphinx.ext.graphviz`` (part of Sphinx, for the
one diagram; its default PNG output), and ``stubs``, which registers a plain stand-in for
each of the project's own roles and directives (see stubs.py). Everything else is Sphinx's
and furo's defaults: no ``html_theme_options``, no ``html_static_path``, no templates.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

project = "Child sexual exploitation: a practice handbook"
author = "CSE handbook editorial team"
extensions = ["myst_parser", "sphinx_design", "sphinx.ext.graphviz", "stubs"]
exclude_patterns = ["_data"]
html_theme = "furo"
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline", "attrs_block"]
myst_heading_anchors = 3
