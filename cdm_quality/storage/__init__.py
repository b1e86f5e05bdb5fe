"""Tables (`tables.py`, and the derived key tables of `keys.py`), engine and migrations."""

from cdm_quality.storage import keys  # noqa: F401  (registers the key tables with the metadata)
