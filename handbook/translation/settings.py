"""Each language's own edition settings: titles, file names, the ePub's identity.

``conf.py`` runs before ``-D language=cy`` is applied, so it cannot choose the Welsh
titles itself. It lists what each translation changes in ``handbook_translation_settings``;
this extension applies them once the language is known, before any other extension reads
them.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError


def apply_language_settings(app: Sphinx, config: Config) -> None:
    """Overwrite the settings the current language's edition changes."""
    settings: dict[str, Any] = config.handbook_translation_settings.get(config.language, {})
    for name, value in settings.items():
        if name not in config:
            raise ConfigError(
                f"handbook_translation_settings[{config.language!r}] sets {name!r}, "
                "which is not a setting of this build"
            )
        setattr(config, name, value)


def place_translated_site(app: Sphinx, config: Config) -> None:
    """Give a translated site its own address, under the whole site's.

    ``html_baseurl`` is given once, for the whole site (``make all BASEURL=...``). Sphinx's
    canonical links, the feed and the problem reports read it as this build's own address,
    so a translation's is moved to its folder (``.../cy/``); the address of the whole site
    stays in ``handbook_site_url``, for the links between languages.
    """
    config.handbook_site_url = config.html_baseurl or ""
    if config.html_baseurl and is_translation(config):
        path: str = config.handbook_languages.get(config.language, {}).get("path", "")
        config.html_baseurl = config.html_baseurl.rstrip("/") + "/" + path


def is_translation(config: Config) -> bool:
    """Whether this build is a translation (not the source language)."""
    return bool(config.language) and config.language != config.handbook_source_language


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("handbook_source_language", "en", "env", str)
    app.add_config_value("handbook_translation_settings", {}, "env", dict)
    app.add_config_value("handbook_languages", {}, "env", dict)
    app.add_config_value("handbook_site_url", "", "html", str)
    # before every other extension's config-inited handler (default priority 500)
    app.connect("config-inited", apply_language_settings, priority=100)
    app.connect("config-inited", place_translated_site, priority=101)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
