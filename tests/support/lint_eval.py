"""How well and how fast lint works: precision and recall on labelled text, and timings.

Used by ``python -m scripts.bench_lint``. Seeds are scored per document (a claim found in a page
counts once): expected are the claims the inventory lists for the page plus the claims whose
``sources`` name it. The labelled sets are scored per sentence, where ``allowed`` labels are
defensible readings that count neither way; sentences that carry a ``page`` are linted as the
page they come from (see ``_found_per_item``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck.library.files import read_yaml

if TYPE_CHECKING:  # pragma: no cover
    from claimcheck.library.loader import Library


@dataclass
class Score:
    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)  # "where: claim" for each false negative
    extras: list[str] = field(default_factory=list)  # "where: claim" for each false positive
    per_claim: dict[str, list[int]] = field(default_factory=dict)  # claim -> [tp, fp, fn]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def __add__(self, other: "Score") -> "Score":
        per_claim = {c: list(v) for c, v in self.per_claim.items()}
        for c, v in other.per_claim.items():
            per_claim[c] = [a + b for a, b in zip(per_claim.get(c, [0, 0, 0]), v)]
        return Score("overall", self.tp + other.tp, self.fp + other.fp, self.fn + other.fn,
                     self.misses + other.misses, self.extras + other.extras, per_claim)

    def count(self, got: set[str], expected: set[str],
              allowed: "set[str] | frozenset[str]" = frozenset()) -> None:
        """Score one item (or page): what was found right, wrongly (neither expected nor
        allowed) and missed, in the totals and per claim."""
        self.tp += len(got & expected)
        self.fp += len(got - expected - allowed)
        self.fn += len(expected - got)
        self.tally(got, expected, allowed)

    def tally(self, got: set[str], expected: set[str],
              allowed: "set[str] | frozenset[str]" = frozenset()) -> None:
        """Count one item (or page): its claims found, expected and allowed, per claim too."""
        for slot, claims in enumerate((got & expected, got - expected - allowed,
                                       expected - got)):
            for c in claims:
                self.per_claim.setdefault(c, [0, 0, 0])[slot] += 1


def seed_expectations(lib: "Library", inventory: Path | None) -> dict[str, set[str]]:
    expected: dict[str, set[str]] = {}
    if inventory is not None and inventory.is_file():
        for entry in read_yaml(inventory):
            for doc in entry.get("seeds") or []:
                expected.setdefault(str(doc), set()).add(entry["id"])
    for claim in lib.iter_claims():
        for src in claim.sources:
            expected.setdefault(src.doc, set()).add(claim.id)
    return expected


def score_seeds(lib: "Library", seeds: Path, inventory: Path | None) -> Score:
    from claimcheck.lint.linter import lint_text

    expected = seed_expectations(lib, inventory)
    have = set(lib.claims_by_id)
    score = Score("seeds")
    for path in sorted(seeds.glob("*.txt")):
        doc = path.name[:3]
        found = {f.claim for f in lint_text(lib, path.read_text(encoding="utf-8"),
                                            path.name).findings}
        exp = expected.get(doc, set()) & have
        score.count(found, exp)
        score.misses += [f"{doc}: {c}" for c in sorted(exp - found)]
        score.extras += [f"{doc}: {c}" for c in sorted(found - exp)]
    return score


def _found_per_item(lib: "Library", items: list[dict]) -> list[set[str]]:
    """The claims lint finds for each labelled item.

    Items that share a ``page`` are linted together as one plain-text page, one item a line,
    as lint is used on real pages: a list item under its heading, or a question's answer, is
    then read in context. A finding whose sentence spans several items (a question and its
    answer) is credited to the item labelled with that claim, else to the first it touches.
    Items without a ``page`` are linted one by one.
    """
    from bisect import bisect_right

    from claimcheck.lint.linter import claims_made, lint_text

    found: list[set[str]] = [set() for _ in items]
    i = 0
    while i < len(items):
        page = items[i].get("page")
        if page is None:
            found[i] = set(claims_made(lib, items[i]["text"]))
            i += 1
            continue
        j = i
        while j < len(items) and items[j].get("page") == page:
            j += 1
        starts, text = [], ""
        for item in items[i:j]:
            starts.append(len(text))
            text += item["text"] + "\n"
        for f in lint_text(lib, text, kind="text").findings:
            first = bisect_right(starts, f.start) - 1
            last = max(first, bisect_right(starts, f.end - 1) - 1)
            span = range(i + first, i + last + 1)
            labelled = [k for k in span if f.claim in set(items[k].get("claims") or [])
                        | set(items[k].get("allowed") or [])]
            found[labelled[0] if labelled else span[0]].add(f.claim)
        i = j
    return found


def score_labelled(lib: "Library", path: Path, name: str = "new text") -> Score:
    have = set(lib.claims_by_id)
    score = Score(name)
    items = read_yaml(path)
    for item, got in zip(items, _found_per_item(lib, items)):
        expected = set(item.get("claims") or []) & have
        allowed = set(item.get("allowed") or [])
        score.count(got, expected, allowed)
        score.misses += [f"{item['text']!r}: {c}" for c in sorted(expected - got)]
        score.extras += [f"{item['text']!r}: {c}" for c in sorted(got - expected - allowed)]
    return score


def self_flagged_suggestions(lib: "Library") -> list[str]:
    """Claims whose own suggested wording lint reports as that claim (ideally none: the
    safer wording should read as honest, hedged text)."""
    from claimcheck.lint.linter import claims_made

    return [c.id for c in lib.iter_claims()
            if c.id in claims_made(lib, c.assessment.suggested_wording)]


def page_of_words(sources: list[Path], words: int = 2000) -> str:
    """A page of about ``words`` words made of whole lines of the given documents."""
    lines: list[str] = []
    count = 0
    while count < words and sources:
        for path in sources:
            for line in path.read_text(encoding="utf-8").splitlines():
                if count >= words:
                    break
                lines.append(line)
                count += len(line.split())
    return "\n".join(lines) + "\n"


def sentences_per_second(lib: "Library", text: str, repeat: int = 5) -> float:
    from claimcheck.lint.linter import linter_for

    linter = linter_for(lib)
    linter.lint_text(text, "page.md")  # warm: detector built, verdicts computed
    start = time.perf_counter()
    sentences = sum(linter.lint_text(text, "page.md").sentences for _ in range(repeat))
    return sentences / (time.perf_counter() - start)


def _lint_command(root: Path, page: Path) -> list[str]:
    """`python -m claimcheck lint` with this interpreter (a console script may be a shell shim,
    such as pyenv's, whose own start-up would be counted as ours)."""
    return [sys.executable, "-m", "claimcheck", "lint", "--root", str(root), "--format", "json",
            str(page)]


def _timed(commands: dict[str, list[str]], runs: int, env: dict) -> dict[str, float]:
    """Median wall and CPU time (``key`` and ``key_cpu``) of each command, each run in a fresh
    process, the commands alternating so that a change in machine load hits all of them."""
    import resource

    times: dict[str, list[float]] = {k + s: [] for k in commands for s in ("", "_cpu")}
    for _ in range(runs):
        for key, cmd in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
            times[key].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times[key + "_cpu"].append(after.ru_utime - before.ru_utime +
                                       after.ru_stime - before.ru_stime)
            if proc.returncode not in (0, 1):
                raise RuntimeError(proc.stderr.decode(errors="replace"))
    return {k: sorted(v)[len(v) // 2] for k, v in times.items()}


def _bench_env(cache: Path) -> dict[str, str]:
    from tests.support.timing import bench_environ

    env = bench_environ("CLAIMCHECK_NO_CACHE")  # a warm start: bytecode and lint caches
    env["CLAIMCHECK_CACHE_DIR"] = str(cache)
    return env


def cold_start(text: str, root: Path, runs: int = 7) -> dict[str, float]:
    """Median wall and CPU time of `claimcheck lint --format json PAGE` with a warm cache and
    of `python -c pass`, each in a fresh process, measured alternately in the same run (CPU
    time is the steadier figure on a machine shared with other work)."""
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.md"
        page.write_text(text, encoding="utf-8")
        env = _bench_env(Path(tmp) / "cache")
        lint_cmd = _lint_command(root, page)
        subprocess.run(lint_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=env)  # fills the cache
        return _timed({"lint": lint_cmd, "python": [sys.executable, "-c", "pass"]}, runs, env)


def synthetic_library(root: Path, dst: Path, times: int) -> Path:
    """A library ``times`` the size of ``root``: every claim and citation file copied
    ``times - 1`` more times under a new id (``<id>-copyN``), the claim copies citing the
    original citations. Only claims/ and evidence/citations/ are copied."""
    import re

    for sub, key in (("claims", "id"), (Path("evidence") / "citations", "key")):
        out = dst / sub
        out.mkdir(parents=True, exist_ok=True)
        for path in sorted((root / sub).glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            shutil.copyfile(path, out / path.name)
            if path.name == "sources.yaml":
                continue
            for n in range(1, times):
                new = f"{path.stem}-copy{n}"
                renamed = re.sub(rf"^{key}: .*$", f"{key}: {new}", text, count=1,
                                 flags=re.MULTILINE)
                (out / f"{new}.yaml").write_text(renamed, encoding="utf-8")
    return dst


def startup_by_size(root: Path, sizes: tuple[int, ...] = (1, 10, 50),
                    runs: int = 7) -> dict[int, dict[str, float]]:
    """Median wall and CPU time of a warm-cache `claimcheck lint` of a one-line draft with the
    library at ``root`` and with synthetic libraries ``sizes`` times its size (``1``: the
    library itself), measured alternately in the same run, with `python -c pass`. The draft
    makes no claim, so that the linting itself is the same at every size (a claim would be
    found once per copy) and only what start-up costs can grow."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        draft = base / "draft.md"
        draft.write_text("Our clinic on the high street opens at 8 on weekdays.\n",
                         encoding="utf-8")
        env = _bench_env(base / "cache")
        commands: dict[str, list[str]] = {"python": [sys.executable, "-c", "pass"]}
        for size in sizes:
            lib = root if size == 1 else synthetic_library(root, base / f"x{size}", size)
            commands[f"x{size}"] = _lint_command(lib, draft)
            subprocess.run(commands[f"x{size}"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env=env)  # fills the cache
        times = _timed(commands, runs, env)
    return {size: {"wall": times[f"x{size}"], "cpu": times[f"x{size}_cpu"],
                   "python": times["python"], "python_cpu": times["python_cpu"]}
            for size in sizes}
