from pathlib import Path

import handbook

_repo = Path(handbook.__file__).resolve().parent.parent
project = "Test handbook"
extensions = ["myst_parser", "handbook.web.quick_exit", "handbook.web.feedback"]
html_theme = "furo"
templates_path = [str(_repo / "_templates")]
html_static_path = [str(_repo / "_static")]
