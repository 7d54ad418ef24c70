"""Run the workbench: bind 127.0.0.1 (never another interface), serve with uvicorn.

The socket is bound here, before uvicorn starts, so that a port already in use is a one-line
error (``InputError``, exit 2) rather than a log message, and so that ``--open`` can open the
browser at once: the connection waits in the socket's queue until the server accepts it.
"""

from __future__ import annotations

import os
import socket
from typing import Callable

from ..errors import InputError, UsageError

HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def _require_extra() -> None:
    try:
        import multipart  # noqa: F401  (python-multipart, for uploads)
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise UsageError(f"claimcheck serve needs the [serve] extra ({exc.name} is missing): "
                         "pip install 'dryneedling-claimcheck[serve]'") from None


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1:``port`` (0: any free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        raise InputError(f"{HOST}:{port}", f"cannot listen here ({exc.strerror}); choose "
                                           "another port with --port") from None
    sock.listen(128)
    return sock


def run(root: str | os.PathLike | None = None, port: int = DEFAULT_PORT,
        open_browser: bool = False, echo: Callable[[str], None] = print) -> None:
    """Serve the workbench for the library at ``root`` until interrupted."""
    _require_extra()
    import uvicorn

    from .app import create_app

    sock = bind(port)  # first: a port in use fails at once
    try:
        app = create_app(root)  # loads and grades the library before the first request
        url = f"http://{HOST}:{sock.getsockname()[1]}/"
        echo(f"claimcheck workbench: {url}  (Ctrl+C to stop)")
        if open_browser:
            import webbrowser

            webbrowser.open(url)
        config = uvicorn.Config(app, log_level="warning", access_log=False,
                                timeout_keep_alive=5)
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
