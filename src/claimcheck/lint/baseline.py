"""A baseline: the findings a team has accepted for now, so that lint fails only on new ones.

``claimcheck lint --write-baseline FILE`` records the active findings (not those suppressed
in the draft); ``--baseline FILE`` marks the findings it records as ``baseline`` and they no
longer count for the exit code. A finding is recognised by its source path (as given on the
command line, normalised; an absolute path under the working directory is made relative),
its claim id and a hash of its sentence with whitespace collapsed and case folded: not by
line numbers, so editing another part of the file keeps the baseline valid, while rewording
the sentence makes its finding new. The same sentence making the same claim twice in one
file is recorded with ``count: 2``.

The file is JSON, sorted and stable (a reviewable diff), written atomically::

    {"claimcheck_baseline": 1,
     "findings": [{"source": "drafts/post.md", "claim": "treats-neck-pain",
                   "hash": "3f1c...", "count": 1, "sentence": "It relieves neck pain fast."}]}

``sentence`` is for the reader; only ``source``, ``claim`` and ``hash`` are compared.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from ..errors import InputError, OutputError

if TYPE_CHECKING:  # pragma: no cover
    from .linter import Finding, LintReport

FORMAT_VERSION = 1
_MAGIC = "claimcheck_baseline"

Key = tuple[str, str, str]  # (source, claim, sentence hash)


def source_key(source: str) -> str:
    """The path as recorded: normalised, POSIX slashes, relative to the working directory
    when it lies under it."""
    if source.startswith("<"):  # <stdin>, <text>
        return source
    path = os.path.normpath(source)
    if os.path.isabs(path):
        try:
            path = os.path.relpath(path, os.getcwd())
        except ValueError:  # pragma: no cover - another drive on Windows
            pass
        if path.startswith(".."):
            path = os.path.normpath(source)
    return PurePath(path).as_posix()


def sentence_hash(sentence: str) -> str:
    normal = " ".join(sentence.split()).casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def finding_key(f: "Finding") -> Key:
    return (source_key(f.source), f.claim, sentence_hash(f.sentence))


class _Malformed(ValueError):
    """A baseline file that parses as JSON but is not a baseline (caught in ``loads``)."""


@dataclass
class Baseline:
    """How many times each (source, claim, sentence hash) was accepted."""

    counts: Counter = field(default_factory=Counter)
    sentences: dict[Key, str] = field(default_factory=dict)

    @classmethod
    def from_report(cls, report: "LintReport") -> "Baseline":
        """The active findings of ``report`` (suppressed ones are accepted in the draft)."""
        base = cls()
        for f in report.findings:
            if f.suppressed is None:
                key = finding_key(f)
                base.counts[key] += 1
                base.sentences.setdefault(key, " ".join(f.sentence.split()))
        return base

    def __len__(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict:
        return {_MAGIC: FORMAT_VERSION, "findings": [
            {"source": s, "claim": c, "hash": h, "count": self.counts[(s, c, h)],
             "sentence": self.sentences.get((s, c, h), "")}
            for s, c, h in sorted(self.counts)]}

    def dumps(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"

    def write(self, path: str | os.PathLike) -> int:
        """Write the baseline atomically; returns the number of findings recorded."""
        try:
            from ..library.files import atomic_write_text  # imports yaml: only when writing

            atomic_write_text(Path(path), self.dumps())
        except OSError as exc:
            raise OutputError(path, f"cannot write the baseline: {exc.strerror}") from None
        return len(self)

    @classmethod
    def read(cls, path: str | os.PathLike) -> "Baseline":
        """Read a baseline file; ``InputError`` (exit 2) when missing or not a baseline."""
        name = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(name, "no such baseline file; create it with "
                                   "'claimcheck lint --write-baseline FILE ...'") from None
        except (OSError, UnicodeDecodeError) as exc:
            why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            raise InputError(name, f"cannot read the baseline: {why}") from None
        return cls.loads(text, name)

    @classmethod
    def loads(cls, text: str, source: str = "<baseline>") -> "Baseline":
        """Parse a baseline; ``InputError`` naming ``source`` when it is not one."""
        try:
            return cls._parse(text)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise InputError(source, f"not a claimcheck baseline ({_why(exc)}); write a new "
                                     "one with --write-baseline") from None

    @classmethod
    def _parse(cls, text: str) -> "Baseline":
        data = json.loads(text)
        if not isinstance(data, dict) or data.get(_MAGIC) != FORMAT_VERSION:
            raise _Malformed(f"no '{_MAGIC}: {FORMAT_VERSION}' field")
        base = cls()
        for item in data["findings"]:
            key = (item["source"], item["claim"], item["hash"])
            count = item.get("count", 1)
            if not all(isinstance(k, str) for k in key) or type(count) is not int or count < 1:
                raise _Malformed(f"bad entry {json.dumps(item)[:80]}")
            base.counts[key] += count
            base.sentences.setdefault(key, str(item.get("sentence", "")))
        return base

    def apply(self, report: "LintReport") -> None:
        """Mark the findings of ``report`` this baseline accepts (each entry as many times as
        its count, in document order)."""
        left = Counter(self.counts)
        marked = []
        for f in report.findings:
            if f.suppressed is None:
                key = finding_key(f)
                if left[key] > 0:
                    left[key] -= 1
                    f = replace(f, baseline=True)
            marked.append(f)
        report.findings = marked
        report.baseline_used = True


def _why(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON at line {exc.lineno}"
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    if isinstance(exc, (TypeError, AttributeError)):
        return "unexpected structure"
    return str(exc)
