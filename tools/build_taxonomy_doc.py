"""Write docs/taxonomy.md from the taxonomy tables under src/eventwire/nlp/patterns/ (--check: fail if stale)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from eventwire.nlp.taxonomy import render_taxonomy_markdown

DOC = ROOT / "docs" / "taxonomy.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/taxonomy.md is stale")
    args = parser.parse_args()
    text = render_taxonomy_markdown()
    if args.check:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC} is stale: run python tools/build_taxonomy_doc.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
