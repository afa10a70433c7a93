"""Lines of a YAML data file's list entries, so that an error can name its line.

``yaml.safe_load`` keeps no lines; the data files' checks (contacts, the language list)
report each fault at the line where its entry starts.
"""

from __future__ import annotations

import yaml


def list_item_lines(text: str, key: str) -> list[int]:
    """The line (1-based) where each entry of the top-level list ``key`` starts, in order;
    empty when the text is not YAML or has no such list."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for name, value in root.value:
        if name.value == key and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []
