"""Hostile library files (issue 14): each is one problem with its file and line, never a
traceback, a hang, a crash of the interpreter or a curated field silently replaced."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from claimcheck import load
from claimcheck.library.files import MAX_FILE_BYTES, field_lines, parse_yaml
from claimcheck.library.loader import load as load_raw


def a_claim(root: Path) -> Path:
    return sorted(p for p in (root / "claims").glob("*.yaml") if p.name != "sources.yaml")[0]


def alias_bomb(depth: int) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, depth):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def problems_of(root: Path, name: str) -> list:
    return [p for p in load_raw(root).problems if p.path == f"claims/{name}"]


@pytest.mark.parametrize("depth", [6, 9])
def test_alias_bomb_is_one_problem_at_once(lib_copy, run_cli, depth):
    (lib_copy / "claims" / "bomb.yaml").write_text(alias_bomb(depth), encoding="utf-8")
    t = time.perf_counter()
    code, out, err = run_cli("validate", "--root", str(lib_copy))
    assert time.perf_counter() - t < 30  # was > 8 s and 1 GB at depth 6, MemoryError at 9
    assert code == 1 and "Traceback" not in err
    assert "claims/bomb.yaml:2: YAML alias *a is not allowed in library files" in out


def test_field_lines_walks_a_shared_node_once():
    # field_lines is also public: text with aliases gives no lines rather than a blow-up
    assert field_lines(alias_bomb(9)) == {}


def test_deep_nesting_is_refused_before_libyaml_recurses(lib_copy, run_cli):
    # "[" * 100000 crashed the interpreter (a segmentation fault in libyaml's composer)
    (lib_copy / "claims" / "deep.yaml").write_text("x: " + "[" * 100_000 + "\n")
    code, out, err = run_cli("validate", "--root", str(lib_copy))
    assert code == 1 and "claims/deep.yaml:1: nested deeper than 64 levels" in out


def test_duplicate_key_is_a_problem_not_a_silent_replacement(lib_copy):
    path = a_claim(lib_copy)
    lines = path.read_text(encoding="utf-8").splitlines()
    k = next(i for i, line in enumerate(lines) if line.startswith("kind: "))
    lines.insert(k + 1, "kind: framing" if lines[k] != "kind: framing" else "kind: safety")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = problems_of(lib_copy, path.name)
    assert [(p.line, p.code) for p in problems] == [(k + 2, "yaml-syntax")]
    assert f"duplicate key 'kind' (first at line {k + 1})" in problems[0].message
    assert path.stem not in load_raw(lib_copy).claims_by_id


def test_duplicate_key_in_a_flow_mapping_on_one_line():
    from claimcheck.errors import LibraryError

    with pytest.raises(LibraryError, match="duplicate key 'a'") as err:
        parse_yaml("x: {a: 1, a: 2}\n", Path("f.yaml"))
    assert err.value.line == 1


def test_nul_in_yaml_gives_the_line(lib_copy):
    (lib_copy / "claims" / "nul.yaml").write_text("id: nul\nkind: \x00mechanism\n")
    [p] = problems_of(lib_copy, "nul.yaml")
    assert (p.line, p.code) == (2, "yaml-syntax")
    assert p.message == "YAML syntax error: control character U+0000 is not allowed"


def test_utf16_library_file_says_so(lib_copy):
    (lib_copy / "claims" / "u16.yaml").write_bytes("id: u16\n".encode("utf-16"))
    [p] = problems_of(lib_copy, "u16.yaml")
    assert p.code == "unreadable" and "looks like UTF-16: save it as UTF-8" in p.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_fifo_is_not_read(lib_copy, run_cli):
    os.mkfifo(lib_copy / "claims" / "x.yaml")  # opening it for reading would wait forever
    code, out, err = run_cli("validate", "--root", str(lib_copy))
    assert code == 1
    assert "claims/x.yaml: not a regular file" in out


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_symlink_to_dev_zero_is_not_read(lib_copy):
    (lib_copy / "claims" / "zero.yaml").symlink_to("/dev/zero")
    [p] = problems_of(lib_copy, "zero.yaml")
    assert p.code == "unreadable" and "outside the library" in p.message


def test_symlink_leaving_the_root_is_not_followed(lib_copy, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(a_claim(lib_copy).read_text(encoding="utf-8"), encoding="utf-8")
    (lib_copy / "claims" / "out.yaml").symlink_to(outside)
    [p] = [p for p in problems_of(lib_copy, "out.yaml") if p.code == "unreadable"]
    assert "is a symlink to" in p.message and "outside the library" in p.message


def test_symlink_inside_the_root_is_followed(lib_copy):
    src = a_claim(lib_copy)
    moved = lib_copy / "evidence" / src.name
    src.rename(moved)
    src.symlink_to(moved)
    assert src.stem in load_raw(lib_copy).claims_by_id


def test_directory_named_like_a_claim_file(lib_copy):
    (lib_copy / "claims" / "dir.yaml").mkdir()
    [p] = problems_of(lib_copy, "dir.yaml")
    assert p.code == "unreadable" and "not a regular file" in p.message


def test_oversized_file_is_refused_unread(lib_copy):
    (lib_copy / "claims" / "big.yaml").write_text("x: " + "a" * MAX_FILE_BYTES + "\n")
    [p] = problems_of(lib_copy, "big.yaml")
    assert p.code == "unreadable" and "-byte limit for a library file" in p.message


def test_load_on_a_file_path_says_it_is_a_file(lib_copy):
    from claimcheck.errors import RootNotFound

    with pytest.raises(RootNotFound, match="is a file, not a directory"):
        load(a_claim(lib_copy))
