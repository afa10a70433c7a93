extensions = ["myst_parser", "sphinx_design", "handbook.web.assets", "handbook.web.seo"]
myst_enable_extensions = ["colon_fence"]
html_theme = "furo"
language = "en_GB"
handbook_description = "A test site for handbook.assets"
