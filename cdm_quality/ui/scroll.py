"""Bring a block of the page into view and put the keyboard focus on its first field.

Streamlit has no command for this, so this module is the app's one script run in the browser
(`st.html(..., unsafe_allow_javascript=True)`; `components.v1.html` is deprecated in Streamlit
1.67). The script is a constant. Its only variable parts are the block's key, refused unless it
matches `KEY` (so no text a user typed can reach the script), and a counter (an int) that makes
each request new to the browser, which runs a script again only when its text changes.
`tests/reliability/test_security.py` allows this module, and no other, to run a script.
"""

from __future__ import annotations

import json
import re

import streamlit as st

KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,80}")  # a container key (`st.container(key=...)`)
_COUNTER = "scroll.requests"

# Waits (up to 5 s) for the block Streamlit draws with the CSS class `st-key-<key>`, scrolls it
# to the middle of the view and focuses its first field (a text, a choice or an answer button,
# the first of them on the page; else any button).
_SCRIPT = """<script>
(() => {
  const selector = ".st-key-" + %s;  /* request %d */
  const answer = "input:not([type=hidden]):not([disabled]), textarea:not([disabled]), "
    + "[data-testid=stButtonGroup] button:not([disabled])";
  let tries = 0;
  const timer = setInterval(() => {
    const block = document.querySelector(selector);
    if (block || ++tries > 50) clearInterval(timer);
    if (!block) return;
    block.scrollIntoView({block: "center"});
    const field = block.querySelector(answer) || block.querySelector("button:not([disabled])");
    if (field) field.focus({preventScroll: true});
  }, 100);
})();
</script>"""


def script(key: str, request: int) -> str:
    """The script bringing the block `key` into view; ValueError for a key outside `KEY`."""
    if not KEY.fullmatch(key):
        raise ValueError(f"not a block key: {key!r}")
    return _SCRIPT % (json.dumps(key), int(request))


def bring_into_view(key: str) -> None:
    """Scroll the block drawn with `st.container(key=key)` into view and focus its first field
    (place the call after the block)."""
    request = int(st.session_state.get(_COUNTER, 0)) + 1
    st.session_state[_COUNTER] = request
    st.html(script(key, request), unsafe_allow_javascript=True)
