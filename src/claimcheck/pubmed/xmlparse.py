"""Parse E-utilities XML with ``Bio.Entrez.read``, strictly offline.

Bio.Entrez validates against DTDs. Out of the box it looks for a DTD first in a user cache
(``~/.config/biopython``, created at import, and preferred over the bundled copies, so a stale
or poisoned file there wins), then in the DTDs bundled with Biopython, and finally downloads it
with ``urlopen`` and no timeout. Here:

* the user cache is pointed at a temporary directory owned by this process before the parser
  module is first imported, so nothing is created in the user's home;
* the handler only ever opens DTDs bundled with Biopython, by their plain file name; anything
  else (a relative path such as ``../../etc/passwd``, an unknown future DTD, an XSD) raises
  ``UnknownDTD`` instead of touching the network or the disk;
* a PubMed article set whose DTD is newer than the bundled ones is re-read against the newest
  bundled ``pubmed_*.dtd`` without validation, so a yearly DTD bump does not stop a refresh
  (elements the old DTD lacks are skipped, not guessed).
"""

from __future__ import annotations

import atexit
import io
import os
import re
import shutil
import tempfile
from functools import lru_cache

from ..errors import PubMedError

_SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]+\.(?:dtd|mod|ent)$")
_DOCTYPE = re.compile(rb"<!DOCTYPE\s+(\w+)\s+PUBLIC\s+\"[^\"]*\"\s+\"([^\"]*)\"\s*>")


class UnknownDTD(PubMedError, ValueError):
    """Raised when a document needs a DTD (or schema) that is not bundled with Biopython."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"document type definition {name!r} is not bundled with Biopython; "
                         "refusing to fetch it from the network")


@lru_cache(maxsize=1)
def _handler_class():
    from Bio import Entrez

    # Must happen before Bio.Entrez.Parser is imported: its metaclass creates the cache
    # directory at class-creation time.
    if Entrez.local_cache is None:
        Entrez.local_cache = tempfile.mkdtemp(prefix="claimcheck-entrez-")
        atexit.register(shutil.rmtree, Entrez.local_cache, ignore_errors=True)
    from Bio.Entrez import Parser

    Parser.DataHandler.directory = Entrez.local_cache
    bundled = Parser.DataHandler.global_dtd_dir

    class OfflineHandler(Parser.DataHandler):
        """Bio.Entrez's handler, restricted to the bundled DTDs."""

        def open_dtd_file(self, filename):
            if not _SAFE_NAME.match(filename):
                return None
            path = os.path.join(bundled, filename)
            return open(path, "rb") if os.path.isfile(path) else None

        def externalEntityRefHandler(self, context, base, systemId, publicId):
            filename = os.path.basename(systemId or "")
            handle = self.open_dtd_file(filename)
            if handle is None:
                raise UnknownDTD(filename or str(systemId))
            with handle:
                parser = self.parser.ExternalEntityParserCreate(context)
                parser.ElementDeclHandler = self.elementDecl
                parser.ParseFile(handle)
            self.parser.StartElementHandler = self.startElementHandler
            return 1

        def schemaHandler(self, name, attrs):
            raise UnknownDTD("XML schema")

    return OfflineHandler


@lru_cache(maxsize=1)
def newest_pubmed_dtd() -> str:
    _handler_class()
    from Bio.Entrez import Parser

    names = sorted(n for n in os.listdir(Parser.DataHandler.global_dtd_dir)
                   if re.fullmatch(r"pubmed_\d{6}\.dtd", n))
    return names[-1]


def unreadable_xml_errors() -> tuple[type[Exception], ...]:
    """What ``read`` raises for a body it cannot read; Bio's classes are imported only after
    the DTD cache has been redirected (importing Bio's parser creates it)."""
    _handler_class()
    from Bio.Entrez.Parser import CorruptedXMLError, NotXMLError, ValidationError

    return (NotXMLError, CorruptedXMLError, ValidationError, RuntimeError, ValueError)


def read(data: bytes):
    """``Bio.Entrez.read`` on ``data`` with markup kept escaped (``escape=True``) so that
    ``P&lt;0.001`` in a title stays distinguishable from a real ``<i>`` tag.

    Raises Bio's ``NotXMLError``/``CorruptedXMLError`` for bodies that are not (complete) XML,
    ``RuntimeError`` for an ``<ERROR>`` element, and ``UnknownDTD`` as described above.
    """
    handler = _handler_class()(True, True, False)   # validate, escape, ignore_errors
    try:
        return handler.read(io.BytesIO(data))
    except UnknownDTD as exc:
        m = _DOCTYPE.search(data[:2000])
        if not m or m.group(1) != b"PubmedArticleSet" or not exc.name.startswith("pubmed_"):
            raise
        # A newer yearly PubMed DTD: read against the newest bundled one, without validation.
        newest = newest_pubmed_dtd().encode()
        patched = data[:m.start(2)] + newest + data[m.end(2):]
        handler = _handler_class()(False, True, False)
        return handler.read(io.BytesIO(patched))
