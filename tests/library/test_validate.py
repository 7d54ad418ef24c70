"""`claimcheck validate`: a valid library passes; each way of breaking it is reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from claimcheck import load
from claimcheck.library.files import dump_yaml


def edit(path: Path, fn) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fn(data)
    path.write_text(dump_yaml(data), encoding="utf-8")


def a_claim(root: Path) -> Path:
    return sorted(p for p in (root / "claims").glob("*.yaml") if p.name != "sources.yaml")[0]


def a_linked_claim(root: Path) -> Path:
    for p in sorted((root / "claims").glob("*.yaml")):
        if p.name != "sources.yaml" and (yaml.safe_load(p.read_text()).get("evidence") or []):
            return p
    raise AssertionError("the bundled library has no claim with evidence")


def a_citation(root: Path) -> Path:
    return sorted((root / "evidence" / "citations").glob("*.yaml"))[0]


def test_bundled_library_is_valid(run_cli, repo_root):
    code, out, err = run_cli("validate", "--root", str(repo_root))
    assert code == 0, out
    # only warnings (implausible-effect: values kept as printed, with the curator's note)
    assert all(line.startswith("warning: ") for line in out.splitlines()), out
    assert err.startswith("valid: ")


def test_root_found_from_enclosing_directory(run_cli, repo_root, monkeypatch):
    monkeypatch.chdir(repo_root / "evidence" / "citations")
    assert run_cli("validate")[0] == 0


def test_root_from_environment(run_cli, repo_root, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_cli("validate", env={"CLAIMCHECK_ROOT": str(repo_root)})[0] == 0


def test_missing_root_exits_2(run_cli, tmp_path):
    code, out, err = run_cli("validate", "--root", str(tmp_path / "nope"))
    assert code == 2
    assert err.strip() == (f"Error: library root {str(tmp_path / 'nope')!r} (from --root) "
                           "does not exist")


def test_directory_that_is_not_a_library_exits_2(run_cli, tmp_path):
    code, _, err = run_cli("validate", "--root", str(tmp_path))
    assert code == 2
    assert "needs claims/ and evidence/" in err


def test_outside_any_library_the_bundled_one_is_used(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("validate", "--format", "json")
    assert code == 0, err
    from claimcheck.library.roots import bundled_root

    assert bundled_root() is not None and (bundled_root() / "claims").is_dir()


def test_no_library_anywhere_exits_2(run_cli, tmp_path, monkeypatch):
    from claimcheck.library import roots

    # an install that lost its bundled library, run outside any library
    monkeypatch.setattr(roots, "_BUNDLED", tmp_path / "gone")
    monkeypatch.setattr(roots, "_CHECKOUT", tmp_path / "gone")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("validate")
    assert code == 2 and "no claimcheck library" in err and "carries none" in err


def test_unknown_option_exits_2(run_cli, repo_root):
    assert run_cli("validate", "--bogus")[0] == 2


def problems(root: Path) -> list[str]:
    return [str(p) for p in load(root).problems]


def codes(root: Path) -> set[str]:
    return {p.code for p in load(root).problems}


def test_yaml_syntax_error_names_file_and_line(run_cli, lib_copy):
    path = a_claim(lib_copy)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = "statement: [unclosed"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = run_cli("validate", "--root", str(lib_copy))
    assert code == 1
    assert re.search(rf"^claims/{path.name}:\d+: YAML syntax error", out, re.M), out


def test_not_utf8_is_reported(lib_copy):
    path = a_claim(lib_copy)
    path.write_bytes(b"id: x\nstatement: caf\xe9\n")
    assert "unreadable" in codes(lib_copy)


def test_unknown_field_is_reported_with_line(run_cli, lib_copy):
    path = a_claim(lib_copy)
    path.write_text(path.read_text(encoding="utf-8") + "verdikt: supported\n", encoding="utf-8")
    code, out, _ = run_cli("validate", "--root", str(lib_copy))
    assert code == 1
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert f"claims/{path.name}:{n}: verdikt: unknown field" in out


def test_missing_field_is_reported(lib_copy):
    path = a_claim(lib_copy)
    edit(path, lambda d: d.pop("statement"))
    assert any(p.endswith("statement: required field is missing") for p in problems(lib_copy))


@pytest.mark.parametrize("where,value", [
    (("kind",), "anecdote"),
    (("evidence", 0, "stance"), "agrees"),
    (("evidence", 0, "directness"), "sideways"),
])
def test_wrong_vocabulary_in_claims(lib_copy, where, value):
    path = a_linked_claim(lib_copy)

    def change(d):
        node = d
        for k in where[:-1]:
            node = node[k]
        node[where[-1]] = value

    edit(path, change)
    found = [p for p in load(lib_copy).problems if p.code == "bad-vocabulary"]
    assert found and found[0].path == f"claims/{path.name}"
    assert value in found[0].message


def test_wrong_verdict_vocabulary_in_override(lib_copy):
    path = a_claim(lib_copy)
    edit(path, lambda d: d["assessment"].update(
        override={"verdict": "true-ish", "reason": "The curator has a reason that is long."}))
    found = [p for p in load(lib_copy).problems if p.code == "bad-vocabulary"]
    assert found and found[0].field == "assessment.override.verdict"


def test_override_needs_a_reason(lib_copy):
    path = a_claim(lib_copy)
    edit(path, lambda d: d["assessment"].update(override={"verdict": "unproven"}))
    assert any(p.field == "assessment.override.reason" and p.code == "missing-field"
               for p in load(lib_copy).problems)


def test_wrong_design_vocabulary_in_citation(lib_copy):
    path = a_citation(lib_copy)
    edit(path, lambda d: d.update(design="anecdote"))
    found = [p for p in load(lib_copy).problems if p.code == "bad-vocabulary"]
    assert found[0].path == f"evidence/citations/{path.name}" and found[0].field == "design"


def test_id_not_equal_to_file_name(lib_copy):
    path = a_claim(lib_copy)
    edit(path, lambda d: d.update(id="some-other-id"))
    assert "id-mismatch" in codes(lib_copy)


def test_duplicate_ids(lib_copy):
    first = a_claim(lib_copy)
    data = yaml.safe_load(first.read_text(encoding="utf-8"))
    (lib_copy / "claims" / "zz-copy.yaml").write_text(dump_yaml(data), encoding="utf-8")
    found = [p for p in load(lib_copy).problems if p.code == "duplicate-id"]
    assert found and found[0].path == "claims/zz-copy.yaml"
    assert first.name in found[0].message


def test_link_to_missing_citation(lib_copy):
    path = a_linked_claim(lib_copy)
    edit(path, lambda d: d["evidence"][0].update(citation="nobody-1999-nowhere"))
    found = [p for p in load(lib_copy).problems if p.code == "unknown-citation"]
    assert found and found[0].field == "evidence[0].citation"
    assert "nobody-1999-nowhere" in found[0].message


def test_unused_citation(lib_copy):
    src = a_citation(lib_copy)
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    data.update(key="orphan-2020-nowhere", pmid=None, pmcid=None, doi=None)
    (src.parent / "orphan-2020-nowhere.yaml").write_text(dump_yaml(data), encoding="utf-8")
    found = [p for p in load(lib_copy).problems if p.code == "unused-citation"]
    assert [p.path for p in found] == ["evidence/citations/orphan-2020-nowhere.yaml"]


def test_quote_over_25_words(lib_copy):
    path = a_claim(lib_copy)
    long_quote = " ".join(["word"] * 26)
    edit(path, lambda d: d["sources"][0].update(quote=long_quote))
    found = [p for p in load(lib_copy).problems if p.code == "quote-too-long"]
    assert found and "26 words" in found[0].message and found[0].field == "sources[0].quote"


def test_source_not_in_registry(lib_copy):
    path = a_claim(lib_copy)
    edit(path, lambda d: d["sources"][0].update(doc="999"))
    assert "unknown-source" in codes(lib_copy)


def test_missing_source_registry(lib_copy):
    (lib_copy / "claims" / "sources.yaml").unlink()
    assert "missing-file" in codes(lib_copy)


@pytest.mark.parametrize("field,value", [
    ("pmid", "PMID:123"), ("pmid", "0123"), ("pmcid", "3544533"), ("pmcid", "PMCabc"),
    ("doi", "https://doi.org/10.1000/x"), ("doi", "doi:10.1/x"),
])
def test_malformed_identifiers(lib_copy, field, value):
    path = a_citation(lib_copy)
    edit(path, lambda d: d.update({field: value}))
    found = [p for p in load(lib_copy).problems if p.code == "malformed-identifier"]
    assert found and found[0].field == field and value in found[0].message


def test_two_citations_with_one_doi(lib_copy):
    paths = sorted((lib_copy / "evidence" / "citations").glob("*.yaml"))
    doi = next(yaml.safe_load(p.read_text())["doi"] for p in paths
               if yaml.safe_load(p.read_text())["doi"])
    other = next(p for p in paths if yaml.safe_load(p.read_text())["doi"] != doi)
    edit(other, lambda d: d.update(doi=doi))
    assert "duplicate-identifier" in codes(lib_copy)


def test_every_problem_is_reported_not_just_the_first(run_cli, lib_copy):
    claim = a_claim(lib_copy)
    edit(claim, lambda d: d.update(kind="anecdote", extra_field=1))
    edit(a_citation(lib_copy), lambda d: d.update(pmid="x1"))
    code, out, err = run_cli("validate", "--root", str(lib_copy))
    assert code == 1
    assert len(out.strip().splitlines()) >= 3
    assert err.strip() == "3 problems in 2 files"


def test_json_output(run_cli, lib_copy):
    import json

    edit(a_claim(lib_copy), lambda d: d.update(kind="anecdote"))
    code, out, _ = run_cli("validate", "--root", str(lib_copy), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["valid"] is False
    assert {"path", "line", "field", "code", "message"} <= set(data["problems"][0])


def test_quotes_checked_against_seeds(run_cli, lib_copy, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for i in range(5):
        (seeds / f"00{i}_x.txt").write_text("Nothing of the sort is said here.", encoding="utf-8")
    code, out, _ = run_cli("validate", "--root", str(lib_copy), "--seeds", str(seeds))
    assert code == 1 and "quote-not-in-source" not in out  # codes are not printed in text
    assert "is not verbatim in source document" in out


def test_strict_load_raises(lib_copy):
    from claimcheck import InvalidLibrary

    edit(a_claim(lib_copy), lambda d: d.update(kind="anecdote"))
    with pytest.raises(InvalidLibrary) as info:
        load(lib_copy, strict=True)
    assert info.value.problems


def test_detect_phrase_cut_by_an_unquoted_hash(lib_copy):
    path = a_claim(lib_copy)
    text = path.read_text(encoding="utf-8")
    text = text.replace("detect:\n", "detect:\n  - last* & # minute*\n", 1)
    path.write_text(text, encoding="utf-8")
    found = [p for p in load(lib_copy).problems if p.code == "bad-detect-phrase"]
    assert found and found[0].field == "detect" and "quote phrases" in found[0].message
