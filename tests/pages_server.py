"""A small local HTTP server serving article pages, for the fetcher and editor tests."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE = """<!doctype html>
<html lang="fr"><head>
<meta charset="utf-8">
<title>Titre HTML – La Gazette</title>
<meta property="og:title" content="Les entrepôts automatisés sous surveillance">
<meta property="og:description" content="Une enquête sur les cadences &amp; la santé au travail.">
<meta property="og:site_name" content="La Gazette du Rhône">
<meta property="og:image" content="/images/entrepot.jpg">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Les entrepôts automatisés sous surveillance",
 "datePublished": "2024-03-05T10:00:00+01:00",
 "author": {"@type": "Person", "name": "Jeanne Martin"}}
</script>
</head><body><article><h1>Les entrepôts automatisés sous surveillance</h1>
<p>Premier paragraphe de l'article.</p></article></body></html>
"""


class PageHandler(BaseHTTPRequestHandler):
    """Routes: ``/article``, ``/redirect?to=URL``, ``/chain/N``, ``/big``, ``/slow``,
    ``/image.png``, ``/missing``, ``/latin1``, ``/host`` (echoes the Host header)."""

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status, body: bytes, content_type="text/html; charset=utf-8", **headers):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (the http.server API)
        self.server.hits.append(self.path)
        path, _sep, query = self.path.partition("?")
        if path == "/article":
            self._send(200, ARTICLE.encode())
        elif path == "/redirect":
            self._send(302, b"", Location=query.removeprefix("to="))
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            target = f"/chain/{left - 1}" if left else "/article"
            self._send(301 if left % 2 else 307, b"", Location=target)
        elif path == "/big":
            head = ARTICLE.replace("</body>", "").encode()
            self._send(200, head + b"<p>" + b"x" * (3 * 1024 * 1024) + b"</p></body></html>")
        elif path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(10):  # a byte now and then, each within any read timeout
                self.wfile.write(b"<p>.</p>")
                self.wfile.flush()
                time.sleep(0.9)
        elif path == "/image.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
        elif path == "/latin1":
            body = "<html><head><title>Été brûlant</title></head><body></body></html>"
            self._send(200, body.encode("latin-1"), content_type="text/html; charset=iso-8859-1")
        elif path == "/host":
            title = f"<html><head><title>host={self.headers.get('Host')}</title></head></html>"
            self._send(200, title.encode())
        else:
            self._send(404, b"<html><title>Not found</title></html>")


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that gave up (time or size limit) is expected here


class PagesServer:
    """``with PagesServer("127.0.0.1") as server: server.url("/article")``"""

    def __init__(self, address="127.0.0.1"):
        self.httpd = QuietServer((address, 0), PageHandler)
        self.httpd.hits = []
        self.address = address
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def hits(self):
        return self.httpd.hits

    def url(self, path: str, host: str | None = None) -> str:
        return f"http://{host or self.address}:{self.port}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
