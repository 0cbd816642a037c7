"""A real HTTP receiver on 127.0.0.1 (an ephemeral port) standing in for a group robot."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Receiver:
    """What the robot answers, request by request ("ok", "500", "slow"), and what it received.
    After the script runs out it answers "ok"."""

    script: list[str] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    url: str = ""
    slow_seconds: float = 1.5


@contextmanager
def robot(script: list[str] | None = None) -> Iterator[Receiver]:
    """Run a receiver in a thread for the `with` block."""
    receiver = Receiver(script=list(script or []))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            receiver.received.append(json.loads(body))
            receiver.keys.append(self.headers.get("X-Luoshi-Delivery", ""))
            action = receiver.script.pop(0) if receiver.script else "ok"
            if action == "slow":
                time.sleep(receiver.slow_seconds)
            if action == "500":
                self.send_response(500)
                self.end_headers()
                self.wfile.write(b"server error")
                return
            answer = b'{"errcode": 0, "errmsg": "ok"}'
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            except OSError:
                pass  # the client gave up waiting (the timeout case)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's name)
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/robot/send?key=test"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
