project = "Test handbook"
release = "2.3.4"
extensions = ["myst_parser", "handbook.web.offline"]
html_theme = "basic"
handbook_languages = {
    "en_GB": {"name": "English", "hreflang": "en-GB", "path": ""},
    "cy": {"name": "Cymraeg", "hreflang": "cy", "path": "cy/"},
}
