"""The Welsh edition (and any later translation): the same source, read through catalogues.

Sphinx's own gettext machinery does the translating (``locale_dirs``, one ``.po`` file a
page). This package adds what a published translation needs beyond it: each language's
edition settings, a check of the catalogues that names the file and line, each page's
translation status with a notice until a reviewer has checked it, the language switcher
and ``hreflang`` links, and a search index for Welsh words.
"""
