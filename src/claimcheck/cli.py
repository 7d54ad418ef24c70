"""The ``claimcheck`` command: parse arguments, call one library function, render, exit.

No domain logic lives here. Every command takes ``--root``; errors raised by the
library (``ClaimcheckError``) are translated once, in ``main``, into a one-line
``Error: ...`` on stderr and the exit code documented in DESIGN.md:
0 success, 1 findings/problems, 2 usage or I/O error. ``--debug`` shows the
traceback instead.

Heavy packages (pandas, Bio, matplotlib) are imported inside the command that
needs them, so ``claimcheck lint`` starts fast.
"""

from __future__ import annotations

import json
import sys

import click

from .errors import ClaimcheckError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=str), default=None,
    help="Library root (default: $CLAIMCHECK_ROOT, else the nearest enclosing directory "
         "holding claims/ and evidence/, else the library bundled with claimcheck).")


def format_option(*choices: str, default: str = "text"):
    """The one ``--format`` option, shared by every command that renders results."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, help="Output format.")


def emit_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def echo_problems(report) -> None:
    """The warnings and failures of a PubMed run (refresh, watch), one line each on stderr."""
    for line in report.warnings:
        click.echo(f"warning: {line}", err=True)
    for line in report.failures:
        click.echo(f"failed: {line}", err=True)


def library_exit(lib) -> None:
    """Exit 1 with a one-line warning on stderr when ``lib`` has problems: grade, cite, export
    and report work from its valid records only, and must not pass that off as success."""
    if lib.problems:
        n = len(lib.problems)
        click.echo(f"warning: {n} library problem{'s' * (n != 1)}, first {lib.problems[0]}; "
                   "invalid records were left out (run 'claimcheck validate')", err=True)
    click.get_current_context().exit(EXIT_FINDINGS if lib.problems else EXIT_OK)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dryneedling-claimcheck")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Check dry needling marketing claims against the evidence library."""
    ctx.obj = {"debug": debug}


# --- init ------------------------------------------------------------------------------------
@cli.command()
@click.argument("directory", type=click.Path(path_type=str))
def init(directory: str) -> None:
    """Copy the bundled library into DIRECTORY (new or empty) for curators to edit.

    Claims, citations and cached PubMed records are copied; run claimcheck inside the copy,
    or point --root or $CLAIMCHECK_ROOT at it. Exit 0, or 2 when DIRECTORY is not empty.

    \b
    Example:
      claimcheck init my-library && cd my-library && claimcheck validate
    """
    from .library.curate import init_library

    path = init_library(directory)
    click.echo(f"Copied the bundled library to {path}")


# --- validate (foundation) ------------------------------------------------------------------
@cli.command()
@root_option
@format_option("text", "json")
@click.option("--seeds", type=click.Path(exists=True, file_okay=False), default=None,
              help="Also check every quote is verbatim in the seed documents in this directory.")
def validate(root: str | None, fmt: str, seeds: str | None) -> None:
    """Load the whole library and report every problem as 'path: field: message'.

    Exit 0 when the library is valid, 1 when there are problems, 2 on usage or I/O errors.

    \b
    Example:
        claimcheck validate
        claimcheck validate --seeds ../shared/seeds --format json
    """
    from pathlib import Path

    from .library.loader import load
    from .library.validation import quote_problems, sort_problems

    lib = load(root)
    problems = list(lib.problems)
    if seeds:
        problems = sort_problems(problems + quote_problems(lib, Path(seeds)))
    if fmt == "json":
        emit_json({"root": str(lib.root), "valid": not problems,
                   "problems": [p.as_dict() for p in problems],
                   "warnings": [w.as_dict() for w in lib.warnings]})
    else:
        for p in problems:
            click.echo(str(p))
        for w in lib.warnings:
            click.echo(f"warning: {w}")
        files = len({p.path for p in problems})
        summary = (f"{len(problems)} problem{'s' * (len(problems) != 1)} in {files} "
                   f"file{'s' * (files != 1)}" if problems else
                   f"valid: {len(lib.claims_by_id)} claims, {len(lib.citations_by_key)} "
                   f"citations, {len(lib.sources_by_id)} source documents")
        click.echo(summary, err=True)
    click.get_current_context().exit(EXIT_FINDINGS if problems else EXIT_OK)


# --- grade (issue 5) ------------------------------------------------------------------------
@cli.command()
@root_option
@format_option("text", "json")
@click.argument("claims", nargs=-1, metavar="[CLAIM...]")
def grade(root: str | None, fmt: str, claims: tuple[str, ...]) -> None:
    """Certainty, verdict and the grading steps for each claim (default: every claim).

    A curator override is shown next to the computed verdict. Exit 0; 1 when the library
    has problems (invalid records are left out); 2 for an unknown claim id.

    \b
    Example:
        claimcheck grade treats-neck-pain
        claimcheck grade --format json > grades.json
    """
    from .evidence.grading import grade_claim, grade_library
    from .library.loader import load

    lib = load(root)
    grades = ([grade_claim(lib, c) for c in claims] if claims
              else list(grade_library(lib).values()))
    if fmt == "json":
        emit_json([g.as_dict() for g in grades])
        library_exit(lib)
    for i, g in enumerate(grades):
        if i:
            click.echo()
        line = f"{g.claim}: {g.verdict} ({g.certainty} certainty)"
        if g.override:
            line += (f" [curator override; computed: {g.computed_verdict}, "
                     f"{g.computed_certainty}]")
        click.echo(line)
        if g.stale is not None:
            click.echo(f"  stale: {g.stale.summary()} (evidence/triage/{g.claim}.yaml)")
        for reason in g.reasons:
            click.echo(f"  - {reason}")
    library_exit(lib)


# --- lint (issue 6) -------------------------------------------------------------------------
@cli.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...|-")
@root_option
@format_option("text", "json", "markdown", "html", "sarif")
@click.option("--fail-on", "fail_on", default="error", show_default=True,
              metavar="SEVERITIES|VERDICTS",
              help="Comma-separated severities (error, warning, ok) or verdicts that make the "
                   "exit code 1 ('none': never).")
@click.option("--show-suppressed", is_flag=True,
              help="Text output: also show findings suppressed in the draft, with the reason.")
@click.option("--baseline", "baseline", metavar="FILE", default=None,
              type=click.Path(dir_okay=False, path_type=str),
              help="Fail only on findings not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline", metavar="FILE", default=None,
              type=click.Path(dir_okay=False, path_type=str),
              help="Record today's findings in FILE (JSON), then report against it.")
@click.option("--explain", is_flag=True,
              help="Show how each sentence was judged instead of the findings: the phrases "
                   "that matched, the model's best scores, which rule dropped which match and "
                   "what was kept (text or json; exit 0).")
@click.option("--safer", "safer", metavar="FILE", default=None,
              type=click.Path(dir_okay=False, path_type=str),
              help="Also write a copy of the draft (one text or Markdown draft) with each "
                   "sentence that fails or warns replaced by its rewrite, for you to review.")
def lint(files: tuple[str, ...], root: str | None, fmt: str, fail_on: str,
         show_suppressed: bool, baseline: str | None, write_baseline: str | None,
         explain: bool, safer: str | None) -> None:
    """Find the health claims in drafts (text, Markdown, HTML or Word .docx; '-' reads stdin).

    Each finding gives the claim's verdict and certainty, a severity from the publish gate
    (error: must not go out as written; warning: says more than its evidence; ok), why, a
    safer rewrite of the sentence and the best citations. A draft can suppress a finding with
    a reason ('<!-- claimcheck: ignore CLAIM-ID -- reason -->'); a baseline file accepts
    today's findings. Exit 0 when no active finding has a severity or verdict in --fail-on,
    1 when some do or a suppression is malformed, 2 on unreadable input or baseline, or a
    --safer copy that cannot be made.

    \b
    Example:
        claimcheck lint drafts/*.md
        claimcheck lint --write-baseline .claimcheck-baseline.json drafts/*.md
        claimcheck lint --baseline .claimcheck-baseline.json --format sarif drafts/*.md
        claimcheck lint --explain draft.md
        claimcheck lint --safer draft.safer.md draft.md
    """
    from .lint.linter import linter_at, parse_fail_on, read_sources
    from .lint.render import render, summary_line

    if safer is not None:
        if explain:
            raise click.UsageError("--safer writes a copy from the findings; --explain "
                                   "shows no findings")
        if len(files) != 1:
            raise click.UsageError("--safer takes one draft")
        from pathlib import Path

        if files[0] != "-" and Path(safer).resolve() == Path(files[0]).resolve():
            raise click.UsageError("--safer FILE is the draft itself: write the copy "
                                   "elsewhere and compare")

    if explain:
        if fmt not in ("text", "json"):
            raise click.UsageError("--explain prints text or json, not " + fmt)
        from .lint.explain import explain_sources, render_explanation

        units = explain_sources(linter_at(root), files)
        if fmt == "json":
            emit_json([u.as_dict() for u in units])
        else:
            click.echo(render_explanation(units))
        return

    fail = parse_fail_on(fail_on)
    if baseline or write_baseline:
        from .lint.baseline import Baseline  # its hashing costs every other run milliseconds
    accepted = Baseline.read(baseline) if baseline and not write_baseline else None
    docs = read_sources(files)
    if safer is not None:
        from .lint.safer import check

        check(docs[0])  # before any output: an HTML or Word draft gets no copy
    report = linter_at(root).lint_documents(docs)
    if write_baseline:
        accepted = Baseline.from_report(report)
        n = accepted.write(write_baseline)
        click.echo(f"wrote {n} finding{'s' * (n != 1)} to {write_baseline}", err=True)
    if accepted is not None:
        accepted.apply(report)
    if safer is not None:
        from .lint.safer import safer_copy, write_safer

        copy, rewritten = safer_copy(docs[0], report)
        write_safer(safer, copy)
        click.echo(f"wrote the safer copy to {safer} ({rewritten} sentence"
                   f"{'s' * (rewritten != 1)} rewritten)", err=True)
    color = fmt == "text" and sys.stdout.isatty()
    text = render(report, fmt, color=color, fail_on=fail, show_suppressed=show_suppressed)
    if text:
        click.echo(text, color=color)
    if fmt == "text":
        for w in report.warnings:
            click.echo(f"warning: {w.source}:{w.line}:{w.column}: {w.message}", err=True)
        click.echo(summary_line(report), err=True)
    click.get_current_context().exit(report.exit_code(fail))


# --- scan (issue 16) ------------------------------------------------------------------------
@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=str),
              help="Folder for findings.parquet, scorecard.parquet, problems.parquet and "
                   "summary.json (and the state that lets a killed run resume).")
@root_option
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Local processes (default: every core; 1 runs in this process).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786).")
@click.option("--shard-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Pages per shard: the unit of work and of resuming.")
@click.option("--max-page-bytes", type=click.IntRange(min=1), default=2_000_000,
              show_default=True, help="Pages larger than this are counted and skipped.")
@click.option("--no-progress", is_flag=True, help="No progress bar on stderr.")
def scan(inputs: tuple[str, ...], out: str, root: str | None, workers: int | None,
         scheduler: str | None, shard_size: int, max_page_bytes: int,
         no_progress: bool) -> None:
    """Lint many pages: folders of .html/.md/.txt files, JSONL/CSV/Parquet with url and
    html or text columns, and WARC web crawls.

    Writes the findings (url, site, sentence, claim, verdict, severity, offsets) and a
    per-site scorecard as Parquet in --out, and prints a short summary. Unreadable records,
    non-HTML payloads, truncated WARCs and pages over the size limit are counted per input
    and skipped. Killed and restarted with the same arguments, a scan redoes only the
    shards that were in flight. Exit 0 when the scan finished, 2 on unusable arguments.

    \b
    Example:
        claimcheck scan crawl.warc.gz pages/ --out scan-out
        claimcheck scan pages.parquet --out scan-out --scheduler tcp://10.0.0.5:8786
    """
    from .scan.scanner import scan as run_scan

    result = run_scan(inputs, out, root, workers=workers, scheduler=scheduler,
                      shard_size=shard_size, max_page_bytes=max_page_bytes,
                      progress=not no_progress and sys.stderr.isatty())
    for line in result.lines():
        click.echo(line)


# --- refresh / verify (issue 4) -------------------------------------------------------------
@cli.command()
@root_option
@click.argument("claims", nargs=-1)
@click.option("--max-age-days", type=click.FloatRange(min=0), default=30.0, show_default=True,
              help="Cached searches and records younger than this are not requested again.")
@click.option("--force", is_flag=True, help="Ignore the freshness window; request everything.")
@format_option("text", "json")
def refresh(root: str | None, claims: tuple[str, ...], max_age_days: float, force: bool,
            fmt: str) -> None:
    """Run each claim's PubMed search and cache every cited PubMed record.

    Needs NCBI_EMAIL; uses NCBI_API_KEY (10 requests/s instead of 3) and NCBI_EUTILS_URL when
    set. Writes only evidence/pubmed/ and evidence/searches/. Exit 0 when everything was
    fetched or fresh, 1 when a PMID is missing from PubMed or a request failed, 2 on errors.

    \b
    Example:
        NCBI_EMAIL=you@example.org claimcheck refresh treats-neck-pain
    """
    from .pubmed.refresh import refresh as run_refresh

    report = run_refresh(root, claims, max_age_days=max_age_days, force=force,
                         progress=sys.stderr.isatty())
    if fmt == "json":
        emit_json(report.as_dict())
    else:
        echo_problems(report)
        if report.missing:
            click.echo(f"missing from PubMed: {', '.join(report.missing)}")
        if report.not_fetched:
            click.echo(f"not fetched (left stale): {', '.join(report.not_fetched)}")
        click.echo(f"searches: {len(report.searches_run)} run, {len(report.searches_fresh)} "
                   f"fresh; records: {len(report.fetched)} fetched, {len(report.fresh)} fresh, "
                   f"{len(report.missing)} missing; {report.requests} requests")
    click.get_current_context().exit(EXIT_OK if report.ok else EXIT_FINDINGS)


@cli.command()
@root_option
@click.argument("claims", nargs=-1, metavar="[CLAIM...]")
@format_option("text", "json")
def watch(root: str | None, claims: tuple[str, ...], fmt: str) -> None:
    """New PubMed records per claim since the last look, queued for triage.

    Asks E-utilities only for records entered since each claim's last snapshot, drops those
    already cited, queued or seen, and merges the rest into evidence/triage/CLAIM.yaml, where
    curators mark each 'include' or 'reject' with a reason. Cited records PubMed changed are
    fetched again; a retraction, erratum or expression of concern becomes an alert. Needs
    NCBI_EMAIL. Exit 0, 1 when a request failed, 2 on errors.

    \b
    Example:
      NCBI_EMAIL=you@example.org claimcheck watch treats-neck-pain
      claimcheck grade treats-neck-pain     # shows 'stale' while triage items wait
    """
    from .pubmed.watch import watch as run_watch

    report = run_watch(root, claims)
    if fmt == "json":
        emit_json(report.as_dict())
    else:
        echo_problems(report)
        for claim, pmids in report.new.items():
            if pmids:
                click.echo(f"{claim}: {len(pmids)} new ({', '.join(pmids)}) -> "
                           f"evidence/triage/{claim}.yaml")
        for a in report.alerts:
            click.echo(f"{a['claim']}: cited PMID {a['pmid']} ({a['citation']}): {a['change']}")
        total = sum(len(v) for v in report.new.values())
        click.echo(f"{len(report.written)} claims watched, {total} new records, "
                   f"{len(report.alerts)} alerts; {report.requests} requests", err=True)
    click.get_current_context().exit(EXIT_OK if report.ok else EXIT_FINDINGS)


@cli.command()
@root_option
@format_option("text", "json")
def verify(root: str | None, fmt: str) -> None:
    """Compare cached PubMed records with the curated citation facts (offline).

    Reports title, DOI, year and first-author mismatches, retractions, expressions of concern
    and cited PMIDs missing from the cache. Exit 1 if any error is found.

    \b
    Example:
        claimcheck verify --format json
    """
    from .pubmed.verify import verify as run_verify

    report = run_verify(root)
    if fmt == "json":
        emit_json(report.as_dict())
    else:
        for f in report.findings:
            click.echo(str(f))
            if f.curated is not None or f.pubmed is not None:
                click.echo(f"    curated: {f.curated}\n    PubMed:  {f.pubmed}")
        if report.state == "cache-empty":
            click.echo(f"{report.checked} citations with a PMID not checked: the PubMed cache "
                       "is empty", err=True)
        else:
            click.echo(f"{report.checked} citations with a PMID checked: {len(report.errors)} "
                       f"errors, {len(report.findings) - len(report.errors)} warnings", err=True)
    click.get_current_context().exit(EXIT_OK if report.ok else EXIT_FINDINGS)


# --- cite / export / report (issue 7) -------------------------------------------------------
@cli.command()
@root_option
@format_option("vancouver", "apa", "bibtex", "ris", "csl-json", default="vancouver")
@click.option("--all", "all_", is_flag=True, help="Every citation in the library instead of "
              "one claim's.")
@click.argument("claim", required=False)
def cite(root: str | None, fmt: str, all_: bool, claim: str | None) -> None:
    """The references behind CLAIM, formatted for pasting (PMIDs and DOIs where known).

    Vancouver follows the NLM style, APA the 7th edition; BibTeX, RIS and CSL-JSON are for
    reference managers. Exit 0; 1 when the library has problems (invalid records are left
    out); 2 for an unknown claim id.

    \b
    Example:
        claimcheck cite relieves-pain --format apa
        claimcheck cite --all --format bibtex > library.bib
    """
    from .publish.cite import cite as run_cite
    from .library.loader import load

    if all_ == (claim is not None):
        raise click.UsageError("give one CLAIM id, or --all for every citation")
    lib = load(root)
    text = run_cite(lib, None if all_ else claim, fmt)
    if not text.strip():
        click.echo(f"no citations are linked to {claim or 'any claim'}", err=True)
    else:
        click.echo(text, nl=False)
    library_exit(lib)


@cli.group()
def export() -> None:
    """Export the library in formats other tools read."""


@export.command("claimreview")
@root_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Write to this file (atomically) instead of standard output.")
def export_claimreview(root: str | None, out: str | None) -> None:
    """schema.org ClaimReview JSON-LD, one review per claim, for publishers and fact-checkers.

    \b
    Example:
        claimcheck export claimreview --out reviews.jsonld
    """
    from .publish.claimreview import claimreview_json, write_claimreview
    from .library.loader import load

    lib = load(root)
    if out:
        n = write_claimreview(lib, out)
        click.echo(f"wrote {n} claim reviews to {out}", err=True)
    else:
        click.echo(claimreview_json(lib), nl=False)
    library_exit(lib)


@cli.command()
@root_option
@click.option("--out", type=click.Path(file_okay=False, path_type=str), default="site",
              show_default=True, help="Directory to write the site to (replaced as a whole).")
def report(root: str | None, out: str) -> None:
    """A static HTML report of the whole library: claims, verdicts, studies, sources.

    Opens from the file system with no network; the directory is replaced atomically.

    \b
    Example:
        claimcheck report --out site && python -m http.server -d site
    """
    from .library.loader import load
    from .publish.report import build_report

    lib = load(root)
    result = build_report(lib, out)
    click.echo(f"wrote {result.pages} pages to {result.out}/ (open {result.out}/index.html)",
               err=True)
    library_exit(lib)


# --- serve (issue 15) -----------------------------------------------------------------------
@cli.command()
@root_option
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1 to listen on (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the workbench in a browser.")
def serve(root: str | None, port: int, open_browser: bool) -> None:
    """A local web workbench: paste or upload a draft, see every claim marked in place.

    Listens on 127.0.0.1 only. Takes .docx, Markdown, HTML and text drafts (up to 5 MB);
    click a marked claim for its verdict, the evidence and a safer wording; copy the safer
    draft; download the findings. Also serves the library's report pages and a JSON API
    (POST /api/lint). Needs the [serve] extra. Stop it with Ctrl+C.

    \b
    Example:
        pip install 'dryneedling-claimcheck[serve]'
        claimcheck serve --open
    """
    from .serve.server import run

    run(root, port=port, open_browser=open_browser, echo=lambda line: click.echo(line, err=True))


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: run the group, translate our errors to exit codes."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        # standalone_mode=False makes click return a command's ctx.exit() code instead of
        # calling sys.exit, so the translation below stays in one place.
        rc = cli.main(args=argv, prog_name="claimcheck", standalone_mode=False)
    except ClaimcheckError as exc:
        if debug:
            raise
        click.echo(f"Error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_USAGE
    except BrokenPipeError:
        # output piped into `head` and closed early: not an error of ours
        sys.stderr.close()
        return EXIT_OK
    return rc if isinstance(rc, int) else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
