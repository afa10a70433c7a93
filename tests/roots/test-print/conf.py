from pathlib import Path

import handbook

_repo = Path(handbook.__file__).resolve().parent.parent
project = "Test handbook"
author = "Test editors"
version = release = "1"
language = "en_GB"
extensions = ["myst_parser", "sphinx_design", "handbook.editions.pdf", "handbook.editions.provenance"]
myst_enable_extensions = ["colon_fence"]
html_theme = "furo"
html_static_path = [str(_repo / "_static")]
handbook_pdf_basename = "test"
