"""The workbench on an ephemeral 127.0.0.1 port, in a thread of the test process (browser tests
and the benchmark). ``running(app)`` yields the base URL and stops the server afterwards."""

from __future__ import annotations

import contextlib
import threading
import time
from typing import Iterator


@contextlib.contextmanager
def running(app) -> Iterator[str]:
    import uvicorn

    from claimcheck.serve.server import bind

    sock = bind(0)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
