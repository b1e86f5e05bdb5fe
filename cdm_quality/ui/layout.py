"""Where a block is drawn: the type of a `container` parameter."""

from __future__ import annotations

from types import ModuleType

from streamlit.delta_generator import DeltaGenerator

# a column, the sidebar, an expander… or the `streamlit` module itself (the page body), the
# default of every `container` parameter
Container = DeltaGenerator | ModuleType
