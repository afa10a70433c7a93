project = "Test handbook"
author = "Test author"
version = release = "1"
language = "en_GB"
extensions = ["myst_parser", "handbook.editions.pdf"]
handbook_pdf_basename = "test"
