"""Lines of a YAML data file's list entries, so that an error can name its line.

``yaml.safe_load`` keeps no lines; the data files' checks (contacts, the language list)
report each fault at the line where its entry starts.
"""

from __future__ import annotations

from typing import Any

import yaml

#: libyaml's parser where PyYAML has it: the same documents, nodes and lines, several times
#: faster than the pure-Python one (the language list is read whenever a page is)
FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def list_item_lines(text: str, key: str) -> list[int]:
    """The line (1-based) where each entry of the top-level list ``key`` starts, in order;
    empty when the text is not YAML or has no such list."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    return _lines(root, key)


def _lines(root: Any, key: str) -> list[int]:
    if not isinstance(root, yaml.MappingNode):
        return []
    for name, value in root.value:
        if name.value == key and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def load_with_lines(text: str, key: str) -> tuple[Any, list[int]]:
    """``yaml.safe_load(text)`` and ``list_item_lines(text, key)`` from one parse, by
    libyaml where it is there. Text it finds fault with is read as before, by the
    pure-Python parser, so the error (or the data) is the one it gives."""
    try:
        loader = FAST_LOADER(text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return yaml.safe_load(text), list_item_lines(text, key)
    return data, _lines(root, key)
