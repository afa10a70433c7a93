from pathlib import Path

import handbook

_repo = Path(handbook.__file__).resolve().parent.parent
project = "Test handbook"
author = "Test editors"
language = "en_GB"
extensions = ["myst_parser", "handbook.writing.contacts", "handbook.writing.briefing"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_data"]
html_static_path = [str(_repo / "_static")]
