"""A stand-in social media platform: a real HTTP server on a free local port that takes the
webhook channel's signed JSON."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Platform:
    """A stand-in platform endpoint: answers with the status the test sets, and keeps what it received."""

    def __init__(self):
        self.status = 200
        self.received = []
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                platform.received.append((dict(self.headers), body))
                self.send_response(platform.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                number = len(platform.received)
                self.wfile.write(json.dumps({"id": f"ext-{number}", "url": f"https://x.test/p/{number}"}).encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
