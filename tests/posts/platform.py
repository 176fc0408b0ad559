"""A stand-in social media platform: a real HTTP server on a free local port that takes the
webhook channel's signed JSON.

It runs on this machine, so the tests that send to it allow local services (socialgov.outbound), in this process
and in a worker they start: `allow_local_services(settings, monkeypatch)`."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Platform:
    """A stand-in platform endpoint: answers with the status the test sets, and keeps what it received."""

    def __init__(self):
        self.status = 200
        self.reason = None  # the status line's text, when the test sets one
        self.location = None  # sent with a 3xx status
        self.answer = None  # the JSON answered, when the test sets one
        self.received = []
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                platform.received.append((dict(self.headers), body))
                self.send_response(platform.status, platform.reason)
                if platform.location:
                    self.send_header("Location", platform.location)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                number = len(platform.received)
                answer = platform.answer or {"id": f"ext-{number}", "url": f"https://x.test/p/{number}"}
                self.wfile.write(json.dumps(answer).encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def allow_local_services(settings, monkeypatch):
    """SOCIALGOV_ALLOW_HTTP_SERVICES on here and in any worker started after this (it reads the environment)."""
    settings.SOCIALGOV_ALLOW_HTTP_SERVICES = True
    monkeypatch.setenv("SOCIALGOV_ALLOW_HTTP_SERVICES", "1")
