extensions = [
    "myst_parser",
    "handbook.translation.settings",
    "handbook.translation.catalogues",
    "handbook.translation.status",
    "handbook.translation.switcher",
    "handbook.translation.search",
]
language = "en_GB"
locale_dirs = ["locales"]
gettext_compact = False
handbook_source_language = "en_GB"
handbook_languages = {
    "en_GB": {"name": "English", "hreflang": "en-GB", "path": ""},
    "cy": {"name": "Cymraeg", "hreflang": "cy", "path": "cy/"},
}
handbook_translation_reviews = "locales/{language}/reviewed.yaml"
handbook_translation_settings = {"cy": {"project": "Prawf", "html_search_language": "cy"}}
