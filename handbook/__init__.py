"""Sphinx extensions of the CSE practice handbook, grouped by what each part serves.

- :mod:`handbook.writing`: what writers use in pages (call-outs, to-be-confirmed markers,
  contacts, the 7-minute briefing, review dates and the changelog, the source checks);
- :mod:`handbook.editions`: the ePub and PDF builders and what they share;
- :mod:`handbook.web`: what only the website has (quick exit, feedback, security,
  downloads, per-page assets, meta descriptions);
- :mod:`handbook.accessibility`: the accessibility fixes, for every edition.

Each feature is its own Sphinx extension with a ``setup(app)``; ``conf.py`` lists them.
docs/architecture.md maps each feature to its module, settings, templates and tests.
"""
