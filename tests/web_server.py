"""A real HTTP server on 127.0.0.1 for the web tests: redirects, errors, a page that never
answers, an endless body. Pages are served from `pages`, which a test may change."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class PageServer:
    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, str, bytes]] = {}  # path -> (status, content type, body)
        self.redirects: dict[str, tuple[int, str]] = {}  # path -> (status, location)
        self.requests: list[dict] = []
        self.release = threading.Event()  # set at shutdown: the never-answering page lets go
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                server.requests.append({"path": self.path, "user_agent": self.headers.get("User-Agent", "")})
                if self.path in server.redirects:
                    status, location = server.redirects[self.path]
                    self.send_response(status)
                    self.send_header("Location", location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif self.path == "/never":
                    server.release.wait()  # no answer until the test is over: the client's timeout fires first
                elif self.path == "/endless":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.end_headers()
                    chunk = b"<p>" + b"more words that never end " * 400 + b"</p>\n"
                    try:
                        while not server.release.is_set():
                            self.wfile.write(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                elif self.path in server.pages:
                    status, ctype, body = server.pages[self.path]
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                else:
                    body = b"<html><body><h1>Not found</h1></body></html>"
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> "PageServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()
