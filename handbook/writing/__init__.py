"""What writers use in pages: directives, roles and checks on the source.

Call-outs (:mod:`.admonitions`), to-be-confirmed markers (:mod:`.tbc`), checked contacts
(:mod:`.contacts`), the 7-minute briefing (:mod:`.briefing`), review dates and the
changelog page (:mod:`.review`), the language check (:mod:`.language`) and the source
checks Sphinx does not make (:mod:`.lint`). Every edition renders them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def fingerprint(paths: list[Path]) -> str:
    """A digest of the files' bytes (a missing file counts as empty): a data file whose
    digest is the one its last check saw need not be read and checked again."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes() if path.is_file() else b"")
        digest.update(b"\0")
    return digest.hexdigest()
