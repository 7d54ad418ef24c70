"""The lint cache: the built linter is stored next to the per-claim JSON, reused on a warm
start, rebuilt when an entry is corrupt, foreign or stale; and a warm start imports none of
the heavy packages. Speed itself is measured by scripts/bench_lint.py, never asserted here."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimcheck.lint import cache as lint_cache
from claimcheck.lint.linter import Linter, linter_at

LIBRARY = Path(__file__).parents[1] / "fixtures" / "lint" / "library"
REPO = Path(__file__).resolve().parents[2]
TEXT = "It relieves neck pain.\nDry needling releases endorphins.\n"


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    dst = tmp_path / "lib"
    shutil.copytree(LIBRARY, dst)
    return dst


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(path))
    monkeypatch.delenv("CLAIMCHECK_NO_CACHE", raising=False)
    return path


def claims_found(linter: Linter) -> list[tuple[str, str]]:
    return [(f.claim, f.verdict) for f in linter.lint_text(TEXT, kind="text").findings]


def test_built_linter_is_stored_and_reused(lib, cache, monkeypatch):
    first = linter_at(lib)
    [entry] = cache.glob("lint-*.pickle")
    assert entry.with_suffix(".json").is_file()

    def no_rebuild(*args, **kwargs):  # a warm start neither loads the library nor compiles
        raise AssertionError("rebuilt on a warm start")

    monkeypatch.setattr(Linter, "__init__", no_rebuild)
    warm = linter_at(lib)
    assert warm is not first and claims_found(warm) == claims_found(first)
    assert claims_found(warm) == [("treats-neck-pain", "partly-supported"),
                                  ("endorphin-release", "unproven")]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign-version", "not-a-linter",
                                    "other-root"])
def test_bad_pickle_is_ignored_and_rebuilt(lib, cache, damage):
    expected = claims_found(linter_at(lib))
    [entry] = cache.glob("lint-*.pickle")
    good = entry.read_bytes()
    header, built = pickle.loads(good)
    bad = {
        "garbage": b"not a pickle at all",
        "truncated": good[:len(good) // 2],
        "foreign-version": pickle.dumps((("claimcheck-lint", -1, *header[2:]), built)),
        "not-a-linter": pickle.dumps((header, {"claims": []})),
        "other-root": pickle.dumps((header[:-1] + ("/elsewhere",), built)),
    }[damage]
    entry.write_bytes(bad)
    assert claims_found(linter_at(lib)) == expected
    assert entry.read_bytes() != bad  # rewritten
    header2, _ = pickle.loads(entry.read_bytes())
    assert header2 == header


def test_corrupt_json_with_no_pickle_reloads_the_library(lib, cache):
    expected = claims_found(linter_at(lib))
    [entry] = cache.glob("lint-*.json")
    entry.with_suffix(".pickle").unlink()
    entry.write_text("{not json", encoding="utf-8")
    assert claims_found(linter_at(lib)) == expected
    assert json.loads(entry.read_text(encoding="utf-8"))["format"] == lint_cache.FORMAT


def test_pickle_missing_is_rebuilt_from_the_json(lib, cache, monkeypatch):
    linter_at(lib)
    [entry] = cache.glob("lint-*.pickle")
    entry.unlink()
    import claimcheck.library.loader as loader

    monkeypatch.setattr(loader, "load", lambda *a, **k: pytest.fail("library loaded"))
    assert claims_found(linter_at(lib))
    assert entry.is_file()


@pytest.mark.parametrize("change", ["edit", "add", "remove", "rename", "citation"])
def test_every_library_change_gives_a_new_entry(lib, cache, change):
    linter_at(lib)
    before = lint_cache.fingerprint(lib)
    claim = lib / "claims" / "treats-neck-pain.yaml"
    if change == "edit":  # same size, same second: only mtime_ns tells
        st = claim.stat()
        claim.write_text(claim.read_text(encoding="utf-8").replace("neck", "Neck", 1),
                         encoding="utf-8")
        os.utime(claim, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    elif change == "add":
        (lib / "claims" / "new.yaml").write_text("id: new\n", encoding="utf-8")
    elif change == "remove":
        claim.unlink()
    elif change == "rename":
        claim.rename(claim.with_name("renamed.yaml"))
    else:
        citation = next((lib / "evidence" / "citations").glob("*.yaml"))
        citation.write_text(citation.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert lint_cache.fingerprint(lib) != before


def test_old_entries_of_the_root_are_replaced(lib, cache):
    linter_at(lib)
    claim = lib / "claims" / "treats-neck-pain.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace(
        "verdict: partly-supported", "verdict: misleading"), encoding="utf-8")
    assert ("treats-neck-pain", "misleading") in claims_found(linter_at(lib))
    assert len(list(cache.glob("lint-*.json"))) == 1
    assert len(list(cache.glob("lint-*.pickle"))) == 1


def test_warm_start_imports_none_of_the_heavy_packages(lib, tmp_path):
    """`python -m claimcheck lint` on a warm cache: no pydantic, pandas, yaml, jinja2, Bio;
    and a Markdown draft with no baseline needs neither the HTML parser nor the baseline."""
    env = {**os.environ, "CLAIMCHECK_CACHE_DIR": str(tmp_path / "cache"),
           "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    env.pop("CLAIMCHECK_NO_CACHE", None)
    draft = tmp_path / "draft.md"
    draft.write_text(TEXT, encoding="utf-8")
    heavy = ("pydantic", "pandas", "yaml", "jinja2", "Bio")
    unneeded = ("html.parser", "claimcheck.lint.htmltext", "claimcheck.lint.baseline")
    code = ("import runpy, sys\n"
            "sys.argv = ['claimcheck', 'lint', '--root', sys.argv[1], '--format', 'json', "
            "sys.argv[2]]\n"
            "try:\n    runpy.run_module('claimcheck', run_name='__main__')\n"
            "except SystemExit as exc:\n    rc = exc.code\n"
            f"bad = sorted({{m.split('.')[0] for m in sys.modules}} & {set(heavy)!r})\n"
            f"bad += sorted(set(sys.modules) & {set(unneeded)!r})\n"
            "print('HEAVY', bad, file=sys.stderr)\n"
            "sys.exit(3 if bad else rc)\n")
    run = [sys.executable, "-c", code, str(lib), str(draft)]
    cold = subprocess.run(run, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "HEAVY [" in cold.stderr and "'yaml'" in cold.stderr  # the cold run does load
    warm = subprocess.run(run, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "HEAVY []" in warm.stderr, warm.stderr
    assert warm.returncode == 1 and json.loads(warm.stdout)["summary"]["findings"] == 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the shortcut is Linux's")
@pytest.mark.parametrize("xdg", [None, "", "  ", "/srv/cache"])
def test_default_cache_dir_is_platformdirs_one(monkeypatch, xdg):
    from platformdirs import user_cache_dir

    monkeypatch.delenv("CLAIMCHECK_CACHE_DIR", raising=False)
    monkeypatch.delenv("CLAIMCHECK_NO_CACHE", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert lint_cache.cache_dir() == Path(user_cache_dir("claimcheck", appauthor=False))


def test_packed_containers_read_like_the_originals():
    from claimcheck.lint.packed import PackedList, PackedMapping

    items = [("p", str(i)) for i in range(150)]
    packed = pickle.loads(pickle.dumps(PackedList(items, chunk=64)))
    assert len(packed) == 150 and list(packed) == items and packed[-1] == items[-1]
    assert packed[10:70:7] == items[10:70:7]
    with pytest.raises(IndexError):
        packed[150]
    mapping = {"a": (1, 2), "b": ["x"]}
    again = pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(PackedMapping(mapping)))))
    assert dict(again) == mapping and "a" in again and "z" not in again
    assert again.get("z") is None and len(again) == 2


def test_a_warm_linter_decodes_only_what_a_draft_looks_up(lib, cache):
    expected = claims_found(linter_at(lib))
    warm = linter_at(lib)
    buckets = warm.detector.index._by_stem
    assert all(isinstance(v, bytes) for v in buckets.values())
    assert claims_found(warm) == expected
    decoded = [k for k, v in buckets.items() if not isinstance(v, bytes)]
    assert 0 < len(decoded) < len(buckets)


def test_a_pickle_without_its_json_is_removed(lib, cache):
    cache.mkdir()
    orphan = cache / "lint-0000.pickle"
    orphan.write_bytes(b"left over")
    linter_at(lib)
    assert not orphan.exists() and len(list(cache.glob("lint-*.pickle"))) == 1
