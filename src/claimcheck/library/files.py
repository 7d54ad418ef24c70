"""Reading YAML with line numbers, and writing files atomically.

Every file claimcheck writes goes through ``atomic_write_*`` so that an
interrupted run never leaves a half-written file: the content goes to a
temporary file in the same directory, is flushed to disk, then renamed over
the target (rename is atomic on POSIX within one file system).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import yaml

from ..errors import LibraryError

try:  # the C loader is several times faster; lint's start-up time depends on it
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


# Limits for library files (README "Limits"): a curated file is a few kilobytes, so these only
# stop hostile or broken input (a log pasted into claims/, an alias bomb, /dev/zero) early.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 64


def read_library_bytes(path: Path, root: Path | None = None,
                       limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a library file, read only when it is safe to: a regular file (a FIFO would
    block forever, a device such as /dev/zero never ends), inside ``root`` once symlinks are
    resolved (when ``root`` is given), and at most ``limit`` bytes. Anything else raises
    ``LibraryError`` with ``code="unreadable"`` and says why."""
    def fail(message: str) -> LibraryError:
        return LibraryError(path, message, code="unreadable")

    try:
        real = path.resolve(strict=True)
        if root is not None and not real.is_relative_to(root.resolve()):
            raise fail(f"is a symlink to {str(real)!r}, outside the library; "
                       "copy the file in instead")
        st = os.stat(real)
        if not stat.S_ISREG(st.st_mode):
            raise fail("not a regular file (a directory, FIFO, socket or device); "
                       "library files must be plain files")
        if st.st_size > limit:
            raise fail(f"{st.st_size:,} bytes, over the {limit:,}-byte limit for a library file")
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, open() does not
        # wait for a writer
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(limit + 1)
    except LibraryError:
        raise
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop on older Pythons
        raise fail(f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    if len(data) > limit:
        raise fail(f"over the {limit:,}-byte limit for a library file")
    return data


def decode_library_text(data: bytes, path: Path) -> str:
    """UTF-8 text (a leading BOM dropped); ``LibraryError(code="unreadable")`` otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = ("; it looks like UTF-16: save it as UTF-8"
                if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "")
        raise LibraryError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start}){hint}",
                           code="unreadable") from None


def read_library_text(path: Path, root: Path | None = None) -> str:
    """``read_library_bytes`` decoded as UTF-8."""
    return decode_library_text(read_library_bytes(path, root), path)


def read_yaml(path: Path, root: Path | None = None) -> Any:
    """Parse one YAML file (see ``read_library_bytes`` and ``parse_yaml``); every failure is a
    ``LibraryError``, syntax errors with the 1-based line."""
    return parse_yaml(read_library_text(path, root), path)


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, max(0, position)) + 1


def _check_events(text: str, path: Path) -> None:
    """Refuse what the data model never needs and a hostile file could abuse, before any node
    is built: aliases (``*x``: a 3 KB "billion laughs" file expands to gigabytes wherever the
    data is walked), nesting deeper than ``MAX_DEPTH`` (libyaml's composer recurses in C and
    crashes the interpreter on ``[[[[...``) and a key given twice in one mapping (YAML keeps
    the last silently, so a curated field would be replaced without a word). One pass over
    libyaml's events, linear in the file."""
    # one entry per open collection: [is_mapping, expecting_a_key, {key: line}]
    stack: list[list] = []

    def done() -> None:  # a whole node (scalar or collection) ended
        if stack and stack[-1][0]:
            stack[-1][1] = not stack[-1][1]

    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.ScalarEvent):
            if stack and stack[-1][0] and stack[-1][1]:
                line = event.start_mark.line + 1
                keys = stack[-1][2]
                if event.value in keys:
                    raise LibraryError(path, f"duplicate key {event.value!r} (first at line "
                                             f"{keys[event.value]}); YAML would keep only the "
                                             "last, so remove one", line=line)
                keys[event.value] = line
            done()
        elif isinstance(event, yaml.AliasEvent):
            raise LibraryError(path, f"YAML alias *{event.anchor} is not allowed in library "
                                     "files; write the value out", line=event.start_mark.line + 1)
        elif isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise LibraryError(path, f"nested deeper than {MAX_DEPTH} levels",
                                   line=event.start_mark.line + 1)
            stack.append([isinstance(event, yaml.MappingStartEvent), True, {}])
        elif isinstance(event, yaml.CollectionEndEvent):
            stack.pop()
            done()


def parse_yaml(text: str, path: Path) -> Any:
    """Parse YAML text of a library file. Syntax errors, aliases, duplicate keys, control
    characters and excessive nesting become ``LibraryError`` with the 1-based line."""
    try:
        _check_events(text, path)
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise LibraryError(path, f"YAML syntax error: {problem}", line=line) from None
    except yaml.reader.ReaderError as exc:
        # a NUL or another control character: libyaml gives a character position; say the line
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else \
            repr(exc.character)
        raise LibraryError(path, f"YAML syntax error: control character {what} is not allowed",
                           line=_line_of(text, exc.position)) from None
    except yaml.YAMLError as exc:
        raise LibraryError(path, f"YAML error: {exc}") from None
    except RecursionError:  # pragma: no cover - MAX_DEPTH keeps the constructor shallow
        raise LibraryError(path, "YAML nested too deeply") from None


def field_lines(text: str) -> dict[tuple, int]:
    """Map each mapping key / sequence item path to its 1-based line.

    Used only to point at the line of a field that failed validation, so it
    composes the YAML a second time rather than slowing down every load. Meant for text
    ``parse_yaml`` accepted (no aliases, bounded depth); a node met twice is walked once.
    """
    try:
        _check_events(text, Path("<text>"))
        root = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, LibraryError):
        return {}
    lines: dict[tuple, int] = {}
    seen: set[int] = set()

    def walk(node: yaml.Node, path: tuple) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = path + (key.value,)
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                sub = path + (i,)
                lines[sub] = item.start_mark.line + 1
                walk(item, sub)

    if root is not None:
        walk(root, ())
    return lines


def dump_yaml(data: Any) -> str:
    """YAML text in the library's house style: block style, keys in the given order, UTF-8."""
    return yaml.dump(data, Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
