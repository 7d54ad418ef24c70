"""What a cached PubMed record says about retraction, read without parsing it.

``evidence/pubmed/<PMID>.xml`` is written by ``refresh`` and ``watch``; lint and grading must
know whether a cited record has been retracted without importing Bio or the pubmed layer (which
sits above them), so this reads the two markers DESIGN.md names, as bytes: the publication type
"Retracted Publication" and a CommentsCorrections ``RetractionIn`` link. The full parser is
``claimcheck.pubmed.records``; its tests check that both agree on the fixture records.
"""

from __future__ import annotations

import re
from pathlib import Path

_RETRACTED = re.compile(rb"<PublicationType(?:\s[^>]*)?>\s*Retracted Publication\s*"
                        rb"</PublicationType>|<CommentsCorrections\s[^>]*RefType=\"RetractionIn\"")


def record_path(root: Path, pmid: str) -> Path:
    return Path(root) / "evidence" / "pubmed" / f"{pmid}.xml"


def cached_retracted(root: Path, pmid: str) -> bool:
    """True when the cached record of ``pmid`` marks it retracted (False when not cached)."""
    try:
        data = record_path(root, pmid).read_bytes()
    except OSError:
        return False
    return bool(_RETRACTED.search(data))
