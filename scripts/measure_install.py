"""Measure the install a user gets: packages and MB of a new venv with the built wheel.

    python -m scripts.measure_install [--extras '[notebooks]']    (from the repo root)

Downloads from the package index; the logic lives in tests/support/install_size.py.
"""

from __future__ import annotations

import argparse
import json

from tests.support.install_size import measure


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extras", default="", help="extras to install with the wheel")
    print(json.dumps(measure(ap.parse_args().extras)))


if __name__ == "__main__":
    main()
