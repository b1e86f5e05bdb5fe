"""`python -m cdm_quality.cli …` runs the `cdm-quality` command."""

import sys

from cdm_quality.cli import main

sys.exit(main())
