"""The editions' builders: the ePub (:mod:`.epub`) and the PDF (:mod:`.pdf`).

What the two books share sits beside them: the title pages' subtitle and date
(:mod:`.metadata`) and templates from their own theme only (:mod:`.theme_templates`). The
HTML site is Sphinx's own builder with furo; what only it has is in :mod:`handbook.web`.
"""
