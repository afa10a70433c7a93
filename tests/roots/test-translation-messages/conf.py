from pathlib import Path

import handbook

_repo = Path(handbook.__file__).resolve().parent.parent
project = "Test handbook"
author = "Test editors"
language = "en_GB"
extensions = [
    "myst_parser",
    "sphinx.ext.graphviz",
    "handbook.writing.contacts",
    "handbook.writing.briefing",
    "handbook.translation.graphviz",
]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_data", "locales"]
html_static_path = [str(_repo / "_static")]
graphviz_output_format = "svg"
locale_dirs = ["locales"]
gettext_compact = False
gettext_location = False
