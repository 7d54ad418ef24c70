"""What a user's install costs: the built wheel installed into a new venv, its packages and MB.

Behind ``python -m scripts.measure_install``; it downloads from the package index, so it is a
measurement to run by hand, never part of the test suite.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def measure(extras: str = "") -> dict:
    """Install the wheel (with ``extras``, e.g. ``"[notebooks]"``) into a fresh venv and count
    what came with it; the venv's own pip is counted too, as a user would see it."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                        str(tmp_path / "dist"), str(REPO)], check=True)
        (wheel,) = (tmp_path / "dist").glob("*.whl")
        env = tmp_path / "venv"
        venv.EnvBuilder(with_pip=True).create(env)
        py = str(env / "bin" / "python")
        subprocess.run([py, "-m", "pip", "install", "-q", f"{wheel}{extras}"], check=True)
        listed = subprocess.run([py, "-m", "pip", "list", "--format=freeze"], check=True,
                                capture_output=True, text=True).stdout.split()
        return {"extras": extras or "(core)", "packages": len(listed),
                "venv_mb": round(_size_mb(env), 1), "wheel_kb": round(wheel.stat().st_size / 1024)}
