"""Only ``ClaimcheckError`` subclasses leave the library: read from every ``raise``.

A raise of a built-in exception is allowed only where it never reaches a caller: inside a
pydantic validator (pydantic turns it into a validation problem), an ``__post_init__``
guarding a programming error, or a protocol method (``__getitem__``, ``__getattr__``).
"""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "claimcheck"
# AssertionError marks code that cannot run (a programming error), never a user's mistake
BUILTIN_ERRORS = {name for name, obj in vars(builtins).items()
                  if isinstance(obj, type) and issubclass(obj, BaseException)} - {"AssertionError"}
# protocol methods must raise what Python expects (IndexError ends a sequence, AttributeError
# a missing attribute)
ALLOWED_IN = {"field_validator", "model_validator", "__post_init__", "__getattr__",
              "__getitem__"}


def builtin_raises(path: Path, root: Path = PACKAGE) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []

    def allowed(fn: ast.AST) -> bool:
        names = {fn.name} | {d.func.id if isinstance(d, ast.Call) and isinstance(d.func, ast.Name)
                            else d.id if isinstance(d, ast.Name) else ""
                            for d in getattr(fn, "decorator_list", [])}
        return bool(names & ALLOWED_IN)

    def visit(node: ast.AST, ok: bool) -> None:
        for child in ast.iter_child_nodes(node):
            here = ok or (isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
                          and allowed(child))
            if isinstance(child, ast.Raise) and child.exc is not None and not here:
                exc = child.exc.func if isinstance(child.exc, ast.Call) else child.exc
                if isinstance(exc, ast.Name) and exc.id in BUILTIN_ERRORS:
                    bad.append(f"{path.relative_to(root)}:{child.lineno}: raise {exc.id}")
            visit(child, here)

    visit(tree, False)
    return bad


def test_the_library_raises_only_claimcheck_errors():
    assert [b for p in sorted(PACKAGE.rglob("*.py")) for b in builtin_raises(p)] == []


def test_the_check_sees_a_builtin_raise(tmp_path):
    bad = tmp_path / "claimcheck" / "m.py"
    bad.parent.mkdir()
    bad.write_text("def f(x):\n    if x:\n        raise ValueError('no')\n"
                   "@field_validator('x')\ndef g(v):\n    raise ValueError('pydantic')\n")
    assert builtin_raises(bad, bad.parent) == ["m.py:3: raise ValueError"]


def test_unknown_citation_format_is_a_usage_error(library):
    import pytest

    from claimcheck.errors import UsageError
    from claimcheck.publish.cite import cite

    with pytest.raises(UsageError, match="unknown citation format 'mla'"):
        cite(library, "relieves-pain", "mla")


def test_an_unreadable_cached_record_names_its_file(tmp_path):
    import pytest

    from claimcheck.errors import LibraryError
    from claimcheck.pubmed import read_record

    path = tmp_path / "12345.xml"
    path.write_bytes(b"<html>not a record</html>")
    with pytest.raises(LibraryError, match="12345.xml"):
        read_record(path)
