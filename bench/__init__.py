"""``make bench``: build times, page weights, edition sizes and Lighthouse scores of the
handbook, each beside a stock Sphinx + furo + sphinx-design build of the same pages.

See docs/performance.md. Run with ``make bench`` (or ``.venv/bin/python -m bench``).
"""
