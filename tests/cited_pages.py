"""A small web server the evidence locker's tests start on 127.0.0.1: the cited pages they
archive and watch, each route an answer the test sets (and may change between requests)."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    """What a route answers: `body` at once, or `drip` pieces `pause` seconds apart."""

    body: bytes = b""
    status: int = 200
    headers: dict = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    drip: int = 0
    pause: float = 0.0
    chunked: bool = False


def redirect(location, status=302):
    return Answer(status=status, headers={"Location": location})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        site = self.server.site
        site.requests.append((self.path, dict(self.headers)))
        answer = site.routes.get(self.path) or Answer(b"not here", status=404)
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if answer.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif not answer.drip:
            self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            if answer.chunked:
                for start in range(0, len(answer.body), 4096):
                    piece = answer.body[start : start + 4096]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.write(b"0\r\n\r\n")
            elif answer.drip:
                for _ in range(answer.drip):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(answer.pause)
            else:
                self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should on a page too big or too slow

    def log_message(self, format, *args):
        pass


class CitedSite:
    """A running server: `routes` maps a path to its Answer; `requests` lists what came."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.site = self
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path="/"):
        return f"http://127.0.0.1:{self.port}{path}"

    def paths_requested(self):
        return [path for path, _ in self.requests]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
