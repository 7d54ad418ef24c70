"""PubMed through E-utilities: the transport, safe XML parsing, records, the cache
(``refresh``) and the offline comparison with curated facts (``verify``)."""

from .._lazy import lazy_exports

__all__ = ["PubMedRecord", "read_record"]

__getattr__ = lazy_exports(__name__, {"PubMedRecord": ".records", "read_record": ".records"})
