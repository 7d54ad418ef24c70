"""The workbench as an ASGI application (Starlette): pages, downloads and the JSON API.

Routes:

* ``GET /``: paste a draft or upload one (.docx, .md, .html, .txt);
* ``POST /check``: lint it; on success a redirect to ``/r/<token>``, on bad input the form
  again with the error (400, 413 or 415), never a crash;
* ``GET /r/<token>``: the draft with every claim marked, coloured by severity, the findings,
  the safer draft; ``GET /r/<token>/findings.{html,md,json,sarif}``: downloads;
* ``POST /api/lint``: ``{"text": ..., "format": "markdown"}`` (JSON) or a multipart upload in
  the field ``file``; returns what ``lint --format json`` prints, or ``{"error": ...}`` with a
  4xx status;
* ``GET /library/...``: the library's report pages (``claimcheck report``), served from memory;
* ``GET /static/...``: the one stylesheet and the one script (no inline code, no external
  asset).

Safety: every page is rendered by Jinja2 with autoescaping; a Content-Security-Policy allows
only this server's own script and stylesheet; requests must name this machine as their host
(no DNS rebinding); a request body over ``max_upload`` bytes is refused while it is read
(413), before it is parsed.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

from ..errors import ClaimcheckError, InputError
from .workbench import INPUT_KINDS, Workbench, safe_name, upload_kind

MAX_UPLOAD = 5 * 2**20
FORM_OVERHEAD = 64 * 1024  # multipart boundaries and the other form fields
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
STATIC = Path(__file__).parent / "static"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
DOWNLOADS = {"html": ("text/html; charset=utf-8", "html"),
             "md": ("text/markdown; charset=utf-8", "markdown"),
             "json": ("application/json", "json"),
             "sarif": ("application/sarif+json", "sarif")}


class TooLarge(InputError):
    """Raised when a request body is over the upload limit."""


class Unsupported(InputError):
    """Raised when a request body is of a type the endpoint does not take."""


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("claimcheck.serve", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    from .view import SEVERITY_LABEL

    env.globals.update(severity_label=SEVERITY_LABEL)
    return env


class SecurityHeaders:
    """Adds the Content-Security-Policy and the usual hardening headers to every response
    (a response that sets its own policy keeps it)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = {b"content-security-policy": CSP.encode(),
                         b"x-content-type-options": b"nosniff",
                         b"referrer-policy": b"no-referrer",
                         b"x-frame-options": b"DENY",
                         b"cache-control": b"no-store"}
                headers += [(k, v) for k, v in extra.items() if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def read_body(request, limit: int) -> bytes:
    """The request body, refused (``TooLarge``) as soon as it passes ``limit`` bytes."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise TooLarge("upload", _too_large(limit))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge("upload", _too_large(limit))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> str:
    return f"too large: the limit is {limit / 2**20:g} MB"


async def read_draft(request, limit: int) -> tuple[bytes, str, str | None]:
    """``(data, name, kind)`` of the draft in a form post, a multipart upload (field
    ``file``, else ``text``) or a JSON body ``{"text", "format"}``."""
    ctype = request.headers.get("content-type", "").lower()
    if ctype.startswith("application/json"):
        body = await read_body(request, limit)
        try:
            payload = json.loads(body.decode("utf-8")) if body.strip() else None
        except (UnicodeDecodeError, ValueError):
            raise InputError("request", "the body is not valid JSON") from None
        if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
            raise InputError("request", 'send {"text": "...", "format": "markdown"}: '
                                        "'text' (a string) is required")
        kind = payload.get("format") or "auto"
        if kind not in INPUT_KINDS:
            raise InputError("format", f"unknown format {kind!r}; choose from "
                                       f"{', '.join(INPUT_KINDS)}")
        name = safe_name(payload.get("source") if isinstance(payload.get("source"), str)
                         else None, "<text>")
        return payload["text"].encode("utf-8"), name, kind
    if ctype.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        body = await read_body(request, limit + FORM_OVERHEAD)
        form = await _parse_form(request, body, limit)
        upload = form.get("file")
        if upload is not None and not isinstance(upload, str) and upload.filename:
            name = safe_name(upload.filename)
            kind = upload_kind(name)
            data = await upload.read()
            await upload.close()
            if len(data) > limit:
                raise TooLarge(name, _too_large(limit))
            return data, name, kind
        text = form.get("text")
        kind = form.get("format") or "auto"
        if not isinstance(text, str) or not text.strip():
            raise InputError("draft", "empty: paste a draft or choose a file")
        if kind not in INPUT_KINDS:
            raise InputError("format", f"unknown format {kind!r}")
        data = text.encode("utf-8")
        if len(data) > limit:
            raise TooLarge("draft", _too_large(limit))
        return data, "draft", kind
    raise Unsupported("request", "send JSON ({\"text\": ...}) or a multipart upload "
                                 "(field 'file')")


async def _parse_form(request, body: bytes, limit: int):
    from starlette.formparsers import FormParser, MultiPartException, MultiPartParser

    async def stream():
        yield body
        yield b""

    try:
        if request.headers.get("content-type", "").lower().startswith("multipart/"):
            parser = MultiPartParser(request.headers, stream(), max_files=1, max_fields=8,
                                     max_part_size=limit + FORM_OVERHEAD)
        else:
            parser = FormParser(request.headers, stream())
        return await parser.parse()
    except MultiPartException as exc:
        raise InputError("upload", f"a malformed form ({exc.message})") from None


def create_app(root: str | os.PathLike | None = None, *, max_upload: int = MAX_UPLOAD,
               workbench: Workbench | None = None, allowed_hosts=LOCAL_HOSTS):
    """The workbench application for the library at ``root`` (nothing is served until an
    ASGI server runs it: ``claimcheck.serve.server.run``)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.responses import (HTMLResponse, JSONResponse, RedirectResponse, Response)
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    bench = workbench or Workbench(root)
    env = _environment()

    def page(name: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(max_mb=max_upload / 2**20,
                                                          kinds=INPUT_KINDS, **context),
                            status_code=status)

    def status_of(exc: ClaimcheckError) -> int:
        return 413 if isinstance(exc, TooLarge) else 415 if isinstance(exc, Unsupported) \
            else 400

    async def index(request):
        return page("index.html", text="", kind="auto", error=None)

    async def check(request):
        try:
            data, name, kind = await read_draft(request, max_upload)
        except ClaimcheckError as exc:
            return page("index.html", status_of(exc), text="", kind="auto", error=str(exc))
        try:
            checked = await run_in_threadpool(bench.check, data, name, kind)
        except ClaimcheckError as exc:
            pasted = data.decode("utf-8", "replace") if name == "draft" else ""
            return page("index.html", status_of(exc), text=pasted, kind=kind or "auto",
                        error=str(exc))
        return RedirectResponse(f"/r/{checked.token}", status_code=303)

    def _result(request):
        checked = bench.result(request.path_params["token"])
        if checked is None:
            return None, page("index.html", 404, text="", kind="auto",
                              error="That result is no longer kept (the workbench keeps the "
                                    "latest 64, until it stops): check the draft again.")
        return checked, None

    async def result(request):
        checked, missing = _result(request)
        if missing:
            return missing
        return page("result.html", checked=checked, marked=checked.marked,
                    claims=bench.claims(), references=bench.references(),
                    summary=_summary(checked))

    async def download(request):
        checked, missing = _result(request)
        if missing:
            return missing
        if request.path_params["fmt"] not in DOWNLOADS:
            return page("index.html", 404, text="", kind="auto",
                        error="downloads are findings.html, .md, .json and .sarif")
        media, fmt = DOWNLOADS[request.path_params["fmt"]]
        if fmt == "html":
            body = env.get_template("findings.html").render(
                checked=checked, marked=checked.marked, claims=bench.claims(),
                references=bench.references(), summary=_summary(checked),
                style=(STATIC / "app.css").read_text(encoding="utf-8"))
        else:
            from ..lint.render import render

            body = render(checked.report, fmt)
        stem = re.sub(r"[^\w.-]+", "-", Path(checked.name).stem).strip("-.") or "draft"
        filename = f"{stem}-claimcheck.{request.path_params['fmt']}"
        return Response(body, media_type=media, headers={
            "content-disposition": f'attachment; filename="{filename}"'})

    async def api_lint(request):
        try:
            data, name, kind = await read_draft(request, max_upload)
            _, report = await run_in_threadpool(bench.lint, data, name, kind)
        except ClaimcheckError as exc:
            return JSONResponse({"error": str(exc)}, status_code=status_of(exc))
        return JSONResponse(report.as_dict())

    async def library(request):
        path = request.path_params.get("path") or "index.html"
        pages = await run_in_threadpool(bench.site)
        body = pages.get(path)
        if body is None:
            return page("index.html", 404, text="", kind="auto",
                        error=f"no page {path!r} in the library report")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', body)
        headers = {"content-security-policy": html.unescape(policy.group(1))} if policy else {}
        return HTMLResponse(body, headers=headers)

    async def not_found(request, exc):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": f"no such endpoint: {request.url.path}"},
                                status_code=exc.status_code)
        return page("index.html", exc.status_code, text="", kind="auto",
                    error=f"{exc.status_code}: {exc.detail}")

    routes = [
        Route("/", index),
        Route("/check", check, methods=["POST"]),
        Route("/r/{token}", result),
        Route("/r/{token}/findings.{fmt:str}", download),
        Route("/api/lint", api_lint, methods=["POST"]),
        Route("/library/", library),
        Route("/library/{path:path}", library),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    from starlette.exceptions import HTTPException

    app = Starlette(routes=routes, exception_handlers={HTTPException: not_found}, middleware=[
        Middleware(SecurityHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)),
    ])
    app.state.workbench = bench
    return app


def _summary(checked) -> dict:
    from .view import counts

    data = checked.data["summary"]
    return {"sentences": data["sentences"], "counts": counts(checked.marked.findings),
            "suppressed": data.get("suppressed", 0), "baselined": data.get("baselined", 0)}
