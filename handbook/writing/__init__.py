"""What writers use in pages: directives, roles and checks on the source.

Call-outs (:mod:`.admonitions`), to-be-confirmed markers (:mod:`.tbc`), checked contacts
(:mod:`.contacts`), the 7-minute briefing (:mod:`.briefing`), review dates and the
changelog page (:mod:`.review`), the language check (:mod:`.language`) and the source
checks Sphinx does not make (:mod:`.lint`). Every edition renders them.
"""
