"""Golden files: expected outputs kept as JSON beside this module and compared as data.

`assert_golden(name, data)` compares `data` (anything JSON can hold once pydantic models are
dumped) with `tests/golden/<name>.json`. Run with `UPDATE_GOLDEN=1` to write the files anew
after a deliberate change, then read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

GOLDEN_DIR = Path(__file__).parent


def _plain(data: Any) -> Any:
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    elif isinstance(data, list):
        data = [_plain(d) for d in data]
    elif isinstance(data, dict):
        data = {k: _plain(v) for k, v in data.items()}
    return json.loads(json.dumps(data, default=str))


def assert_golden(name: str, data: Any) -> None:
    """Compare `data` with the golden file `name`.json (rewrite it when UPDATE_GOLDEN=1)."""
    path = GOLDEN_DIR / f"{name}.json"
    actual = _plain(data)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        text = json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True)
        path.write_text(text + "\n", encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}; create it with UPDATE_GOLDEN=1"
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert actual == expected, f"differs from {path.name}; UPDATE_GOLDEN=1 rewrites it"
