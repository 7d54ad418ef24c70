"""The refresh benchmark behind ``python -m scripts.bench_pubmed``: a synthetic library refreshed
against the local E-utilities server (127.0.0.1 only), cold, warm, with every fault injected,
and with a key NCBI rejects. Kept apart from ``eutils_server`` (the fake server the tests use)
so that each module holds one thing.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.eutils_server import (SECRET, EUtilsServer, Fault, make_library, make_transport,
                           synthetic_record)


def bench(n_pmids: int = 1000, n_searches: int = 20, *, api_key: str | None = None,
          workdir: Path | None = None, out=print) -> bool:
    """Refresh a synthetic library of ``n_pmids`` cited PMIDs and ``n_searches`` claim searches
    against the local server in real time; then again on the fresh cache; then a cold run with
    every fault injected. Prints the numbers; returns True when every goal is met."""
    import math
    import tempfile
    import time as _time

    from claimcheck.pubmed.eutils import EPOST_MAX
    from claimcheck.pubmed.records import read_record
    from claimcheck.pubmed.refresh import refresh

    B = 200
    pmids = [str(910000000 + i) for i in range(n_pmids)]
    per = max(1, math.ceil(n_pmids / max(1, n_searches)))
    claims = {f"claim-{i:03d}": pmids[i * per:(i + 1) * per] for i in range(n_searches)}
    queries = {c: f"synthetic query {c}" for c in claims}
    records = {p: synthetic_record(p) for p in pmids}
    hits = {queries[c]: ids[:50] for c, ids in claims.items()}
    minimum = n_searches + math.ceil(n_pmids / B) + math.ceil(n_pmids / EPOST_MAX)
    rate = 10.0 if api_key else 3.0
    floor = (minimum - 1) / rate
    ok = True
    tmp = Path(tempfile.mkdtemp(prefix="claimcheck-bench-", dir=workdir))

    def check_cache(root: Path) -> int:
        files = sorted((root / "evidence" / "pubmed").iterdir())
        assert all(read_record(p).pmid == p.stem for p in files)
        return len(files)

    out(f"library: {n_pmids} cited PMIDs, {n_searches} searches; batch {B}; "
        f"{'with' if api_key else 'without'} an API key ({rate:g} requests/s)")
    out(f"minimum requests: {minimum} = {n_searches} esearch + {math.ceil(n_pmids / B)} efetch"
        f" + {math.ceil(n_pmids / EPOST_MAX)} epost;  naive one-per-PMID: "
        f"{n_searches + n_pmids};  rate floor (minimum-1)/{rate:g}: {floor:.2f} s")

    with EUtilsServer(records=records, searches=hits) as server:
        lib = make_library(tmp / "lib", claims, searches=queries)
        transport = make_transport(server.url, api_key=api_key, fake_time=False)
        t0 = _time.monotonic()
        cold = refresh(lib, transport=transport)
        wall = _time.monotonic() - t0
        starts = transport.limiter.starts
        spacing = (starts[-1] - starts[0]) / max(1, len(starts) - 1)
        good = cold.ok and cold.requests <= 1.1 * minimum and wall <= 1.2 * floor
        ok &= good
        out(f"cold run:  {cold.requests} requests ({cold.requests / minimum:.2f} x minimum, "
            f"{(n_searches + n_pmids) / cold.requests:.0f}x fewer than naive); wall "
            f"{wall:.2f} s ({wall / floor:.2f} x rate floor); {len(cold.fetched)} records, "
            f"{check_cache(lib)} cache files valid  [{'ok' if good else 'MISSED'}]")
        out(f"  of which: {starts[0] - t0:.2f} s loading the library before the first request,"
            f" {starts[-1] - starts[0]:.2f} s between first and last request start (mean "
            f"spacing {spacing:.3f} s), {t0 + wall - starts[-1]:.2f} s for the last response "
            f"and its writes")
        server.requests.clear()
        t0 = _time.perf_counter()
        warm = refresh(lib, transport=make_transport(server.url, api_key=api_key,
                                                     fake_time=False))
        wall = _time.perf_counter() - t0
        good = warm.requests == 0 and server.count() == 0 and warm.ok
        ok &= good
        out(f"warm run:  {warm.requests} requests; wall {wall:.2f} s  "
            f"[{'ok' if good else 'MISSED'}]")

        server.requests.clear()
        # one fault per request (a Fault.none after each), so every request is hit at most once
        # and no batch exhausts its attempts; the dropped PMIDs hit the first efetch
        faults = [Fault.http(429, "esearch"), Fault.http(429, "esearch", retry_after="2"),
                  Fault.http(500, "esearch"), Fault.error_in_200("esearch"),
                  Fault.rate_limit_json_200("esearch"), Fault.http(503, "epost"),
                  Fault.drop_pmids(pmids[3], pmids[7]), Fault.http(502, "efetch"),
                  Fault.slow(1.5, "efetch"), Fault.reset("efetch"), Fault.truncated("efetch"),
                  Fault.empty("efetch")]
        faults = [x for f in faults for x in ((f,) if f.kind == "drop" else (f, Fault.none(f.utility)))]
        server.used.clear()
        server.script(*faults)
        lib2 = make_library(tmp / "faults", claims, searches=queries)
        t0 = _time.perf_counter()
        hurt = refresh(lib2, transport=make_transport(server.url, api_key=api_key,
                                                      fake_time=False, read_timeout=0.5))
        wall = _time.perf_counter() - t0
        n_files = check_cache(lib2)
        # one retry per fault that was used (a small library has fewer requests than faults)
        retries = sum(f.kind not in ("none", "drop") for f in server.used)
        dropped = any(f.kind == "drop" for f in server.used)
        server.faults.clear()
        good = (hurt.ok and n_files == n_pmids
                and hurt.requests == minimum + retries + dropped)
        ok &= good
        names = ", ".join(f"{f.kind}{'' if f.kind != 'http' else ' ' + str(f.status)}"
                          f"/{f.utility}" for f in server.used if f.kind != "none")
        out(f"fault run: {retries + dropped} faults hit ({names}); {hurt.requests} requests "
            f"= minimum + {hurt.requests - minimum}; wall {wall:.2f} s; {n_files}/{n_pmids} "
            f"records cached and valid, {len(hurt.missing)} missing  "
            f"[{'ok' if good else 'MISSED'}]")
        from claimcheck.pubmed.eutils import InvalidApiKey

        server.requests.clear()
        server.script(Fault.invalid_key())
        lib3 = make_library(tmp / "badkey", claims, searches=queries)
        try:
            refresh(lib3, transport=make_transport(server.url, api_key=SECRET, fake_time=False))
            message = None
        except InvalidApiKey as exc:
            message = str(exc)
        good = message is not None and SECRET not in message and server.count() == 1
        ok &= good
        out(f"invalid-key run: stopped after {server.count()} request with {message!r}; "
            f"key in message: {SECRET in (message or '')}  [{'ok' if good else 'MISSED'}]")
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    return ok
