"""Word drafts for tests and benchmarks, made with python-docx the way Word saves them.

``make_docx(blocks)`` builds a .docx (bytes) from a list of blocks:
``("heading", text)``, ``("p", text)``, ``("item", text)`` (a List Bullet paragraph),
``("numbered", text)`` (direct numbering, as Word's toolbar button writes it),
``("table", [[cell, ...], ...])``, ``("tracked", before, deleted, inserted, after)`` (a
paragraph with a tracked deletion and insertion), ``("comment", text, comment)`` (a
paragraph carrying a Word comment) and ``("break", first, second)`` (a Shift+Enter line
break inside one paragraph). ``zip_bomb()`` and ``corrupt_docx()`` are hostile files.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _run(tag: str, text: str, text_tag: str = "t") -> str:
    return (f'<w:{tag} w:id="{abs(hash(text)) % 10000}" w:author="Editor" '
            f'w:date="2025-01-01T00:00:00Z"><w:r><w:{text_tag} xml:space="preserve">'
            f"{text}</w:{text_tag}></w:r></w:{tag}>")


def make_docx(blocks: list[tuple]) -> bytes:
    import docx
    from docx.oxml import parse_xml

    doc = docx.Document()
    for block in blocks:
        kind = block[0]
        if kind == "heading":
            doc.add_heading(block[1], level=2)
        elif kind == "p":
            doc.add_paragraph(block[1])
        elif kind == "item":
            doc.add_paragraph(block[1], style="List Bullet")
        elif kind == "numbered":
            p = doc.add_paragraph(block[1])
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'))
        elif kind == "table":
            rows = block[1]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        elif kind == "tracked":
            _, before, deleted, inserted, after = block
            p = doc.add_paragraph(before)
            p._p.append(parse_xml(f'<w:del xmlns:w="{W_NS}" ' + _run("del", deleted, "delText")
                                  [len("<w:del "):]))
            p._p.append(parse_xml(f'<w:ins xmlns:w="{W_NS}" ' + _run("ins", inserted)
                                  [len("<w:ins "):]))
            p.add_run(after)
        elif kind == "comment":
            p = doc.add_paragraph()
            run = p.add_run(block[1])
            doc.add_comment(run, text=block[2], author="Reviewer")
        elif kind == "break":
            p = doc.add_paragraph()
            p.add_run(block[1]).add_break()
            p.add_run(block[2])
        else:  # pragma: no cover
            raise ValueError(f"unknown block {kind!r}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def draft_of_words(text: str) -> bytes:
    """A .docx with one paragraph per line of ``text``: lines starting with '# ' become
    headings and '- ' list entries, blank lines are dropped."""
    blocks: list[tuple] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            blocks.append(("heading", line.lstrip("#").strip()))
        elif line.startswith(("- ", "* ")):
            blocks.append(("item", line[2:].strip()))
        else:
            blocks.append(("p", line))
    return make_docx(blocks)


def zip_bomb(inflated_mb: int = 200) -> bytes:
    """A .docx-shaped zip whose document.xml inflates to ``inflated_mb`` MB of zeros."""
    good = make_docx([("p", "Dry needling releases endorphins.")])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in src.infolist():
            if item.filename == "word/document.xml":
                with dst.open(item.filename, "w", force_zip64=True) as f:
                    chunk = b"0" * 2**20
                    for _ in range(inflated_mb):
                        f.write(chunk)
            else:
                dst.writestr(item, src.read(item.filename))
    return out.getvalue()


def corrupt_docx() -> bytes:
    """A .docx cut in half: the zip's central directory is gone."""
    good = make_docx([("p", "Dry needling releases endorphins.")] * 20)
    return good[: len(good) // 2]


def not_word_zip() -> bytes:
    """A zip package that is not a Word document."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("notes.txt", "Dry needling releases endorphins.")
    return out.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
