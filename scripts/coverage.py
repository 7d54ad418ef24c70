#!/usr/bin/env python3
"""Print coverage figures for the claims library (claims, citations, links, PMIDs).

Usage: python scripts/coverage.py [--root DIR] [--json]
"""

import argparse
import json
import sys

from claimcheck import ClaimcheckError, load
from claimcheck.evidence.coverage import coverage, render


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=None, help="library root (default: as claimcheck)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = parser.parse_args()
    try:
        cov = coverage(load(args.root))
    except ClaimcheckError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(json.dumps(cov.as_dict(), indent=2) if args.json else render(cov))
    return 0


if __name__ == "__main__":
    sys.exit(main())
