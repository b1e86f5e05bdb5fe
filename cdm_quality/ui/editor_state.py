"""What a `st.data_editor` kept under one key across saves holds, read as plain data.

The editor keeps the user's edits (changed cells, added rows, deleted rows) relative to the
rows it was first drawn with, and sends all of them again on every run. Its key and the rows
it is given stay the same while it lives: a new key, or new rows (for an editor whose rows
can be added, the rows are part of its identity), makes the browser draw a new editor, and a
click or a key landing while it is drawn is lost. So an edit is saved on the run it triggers
and the caller remembers what it saved beside the editor: edits sent again are saved once.
"""

from __future__ import annotations

import copy
import difflib
import json
from collections.abc import Mapping
from typing import Any

Row = dict[str, Any]
PARTS = ("edited_rows", "added_rows", "deleted_rows")


def edits(state: object) -> dict[str, Any]:
    """The editor's edits as a plain copy (none when it holds nothing yet): `edited_rows`
    by position (an int, counted from 0 in the rows drawn), `added_rows` in their order,
    `deleted_rows` sorted."""
    found = state if isinstance(state, Mapping) else {}
    return {
        "edited_rows": {
            int(p): copy.deepcopy(dict(c)) for p, c in (found.get("edited_rows") or {}).items()
        },
        "added_rows": [copy.deepcopy(dict(r)) for r in found.get("added_rows") or []],
        "deleted_rows": sorted(int(p) for p in found.get("deleted_rows") or []),
    }


def has_edits(state: object) -> bool:
    """Whether the editor holds any edit of the rows it was drawn with."""
    return isinstance(state, Mapping) and any(state.get(part) for part in PARTS)


def moved_rows(before: list[Row], after: list[Row]) -> dict[int, int]:
    """Where the added rows went (position before → position after): removing an added row
    moves the ones after it up. Rows found unchanged are matched first; between them, rows
    are paired in order (an edited row keeps its place); a row not paired was removed."""
    keys = [_row_key(row) for row in before], [_row_key(row) for row in after]
    moved: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(a=keys[0], b=keys[1], autojunk=False)
    for _tag, first, last, new_first, new_last in matcher.get_opcodes():
        paired = min(last - first, new_last - new_first)
        moved |= {first + offset: new_first + offset for offset in range(paired)}
    return moved


def _row_key(row: Row) -> str:
    return json.dumps(row, sort_keys=True, default=str)
