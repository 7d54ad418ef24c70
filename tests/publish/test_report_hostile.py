"""`claimcheck report --out` on awkward targets (issue 14 #5): the current directory, and
several builds into one directory at once; no traceback and nothing left beside the site."""

from __future__ import annotations

import threading

from claimcheck.publish.report import MARKER, build_report


def test_report_into_the_current_empty_directory(run_cli, repo_root, tmp_path, monkeypatch):
    here = tmp_path / "empty"
    here.mkdir()
    monkeypatch.chdir(here)
    code, out, err = run_cli("report", "--root", str(repo_root), "--out", ".")
    assert code == 0, err
    assert (here / "index.html").is_file() and (here / MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]   # no stray ..XXXX/
    # again, over the earlier report: the directory itself stays (the shell is in it)
    code, out, err = run_cli("report", "--root", str(repo_root), "--out", ".")
    assert code == 0 and (here / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]
    assert not [p for p in here.iterdir() if p.name.startswith(".") and p.name != MARKER]


def test_concurrent_reports_to_one_directory_leave_one_site(library, tmp_path):
    out = tmp_path / "site"
    errors: list[BaseException] = []

    def build() -> None:
        try:
            build_report(library, out)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]   # no .site.old-PID/
    assert (out / "index.html").is_file()
