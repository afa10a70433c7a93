project = "Test handbook"
author = "Test editors"
language = "en_GB"
extensions = ["myst_parser", "handbook.writing.record_sheet"]
myst_enable_extensions = ["colon_fence"]
handbook_record_sheet_form_builders: list[str] = []
