"""Makes the shared invented results (tests/serve/sample_results.py) importable from the export tests."""

import sys
from pathlib import Path

SAMPLES_FOLDER = str(Path(__file__).resolve().parents[1] / "serve")
if SAMPLES_FOLDER not in sys.path:
    sys.path.insert(0, SAMPLES_FOLDER)
