"""Fetching a web page the user asked for, and what is kept of the fetch as provenance.

Only `fetch(url)` touches the network, and only for a URL given on the command line.
It follows redirects (recording each hop), gives up after a timeout and a size limit,
refuses what is not a web page (a PDF, an image) and names itself honestly in the
User-Agent. Every problem is one NewsmarkError saying what happened and what to do.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timezone

from newsmark import __version__
from newsmark.errors import NewsmarkError

PROJECT_URL = "https://pypi.org/project/newsmark/"
USER_AGENT = f"newsmark/{__version__} (+{PROJECT_URL})"
DEFAULT_TIMEOUT = 20.0  # seconds to connect and for each wait on data
DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # a news page is rarely above 2 MB of HTML
MAX_REDIRECTS = 10
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(slots=True)
class Fetch:
    """One fetched (or saved) page: the bytes exactly as received, and how they came."""

    url: str  # as the user gave it
    final_url: str
    body: bytes
    status: int | None = None  # None for a page saved to a file
    content_type: str = ""
    fetched_at: str = ""
    redirects: list[dict] = field(default_factory=list)  # [{"url", "status", "location"}]
    source: str = "http"  # "http" or "file"
    file: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    def compressed(self) -> bytes:
        return gzip.compress(self.body, mtime=0)

    @property
    def is_html(self) -> bool:
        return not self.content_type or self.content_type in HTML_TYPES

    def text(self) -> tuple[str, list[str]]:
        """The body decoded: the charset the server or the page declares, else UTF-8.
        Returns (text, notes) where notes say when bytes had to be replaced."""
        declared = _header_charset(self.content_type_header) or _meta_charset(self.body)
        data = self.body
        if data.startswith(b"\xef\xbb\xbf"):
            data, declared = data[3:], "utf-8"
        for encoding in dict.fromkeys(e for e in (declared, "utf-8") if e):
            try:
                return data.decode(encoding), []
            except (LookupError, UnicodeDecodeError):
                continue
        return data.decode("utf-8", "replace"), ["the page is not valid UTF-8 and declares no usable charset; "
                                                 "undecodable bytes were replaced by \ufffd"]

    content_type_header: str = ""


def _header_charset(header: str) -> str:
    for part in header.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'")
    return ""


def _meta_charset(body: bytes) -> str:
    m = _CHARSET.search(body[:8192])
    return m.group(1).decode("ascii", "replace") if m else ""


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def is_url(value: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", value.strip()))


def check_url(url: str) -> str:
    url = url.strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise NewsmarkError(f"{url} is not an http or https address; newsmark fetches web pages only")
    if not parts.hostname:
        raise NewsmarkError(f"{url} has no host name; give a full address such as https://example.org/story")
    return url


def settings_from_env(timeout: float | None = None, max_bytes: int | None = None) -> tuple[float, int]:
    """--timeout / --max-bytes, else NEWSMARK_TIMEOUT / NEWSMARK_MAX_BYTES, else the defaults."""
    try:
        t = timeout if timeout is not None else float(os.environ.get("NEWSMARK_TIMEOUT") or DEFAULT_TIMEOUT)
        m = max_bytes if max_bytes is not None else int(os.environ.get("NEWSMARK_MAX_BYTES") or DEFAULT_MAX_BYTES)
    except ValueError:
        raise NewsmarkError("NEWSMARK_TIMEOUT must be seconds and NEWSMARK_MAX_BYTES a byte count; fix or unset them") from None
    if t <= 0 or m <= 0:
        raise NewsmarkError("the timeout and the size limit must be positive")
    return t, m


class _Recorder(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def __init__(self) -> None:
        self.hops: list[dict] = []

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.hops.append({"url": req.full_url, "status": code, "location": newurl})
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, timeout: float | None = None, max_bytes: int | None = None) -> Fetch:
    """GET one page. Raises NewsmarkError for every way this can fail."""
    url = check_url(url)
    timeout, max_bytes = settings_from_env(timeout, max_bytes)
    recorder = _Recorder()
    opener = urllib.request.build_opener(recorder)
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5",
        "Accept-Encoding": "identity",
    })
    host = urllib.parse.urlsplit(url).hostname
    started = time.monotonic()
    fetched_at = now()
    try:
        with opener.open(request, timeout=timeout) as response:
            status = response.status
            final_url = response.geturl()
            header = response.headers.get("Content-Type", "") or ""
            ctype = header.split(";")[0].strip().lower()
            _check_type(url, ctype)
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise _too_big(url, max_bytes)
            chunks, size = [], 0
            while True:
                if time.monotonic() - started > 3 * timeout:
                    raise NewsmarkError(f"{url} took longer than {3 * timeout:g} s to download; try again later "
                                        "or raise --timeout")
                chunk = response.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise _too_big(url, max_bytes)
                chunks.append(chunk)
    except NewsmarkError:
        raise
    except urllib.error.HTTPError as exc:
        if exc.code in (301, 302, 303, 307, 308):
            raise NewsmarkError(f"{url} redirects more than {MAX_REDIRECTS} times (or in a loop); open it in a "
                                "browser and import the address it ends at") from None
        raise NewsmarkError(f"{url} answered HTTP {exc.code} {exc.reason}; check the address"
                            + (" (the page does not exist)" if exc.code in (404, 410) else "")) from None
    except urllib.error.URLError as exc:
        raise _network_error(url, host, exc.reason, timeout) from None
    except (TimeoutError, socket.timeout) as exc:
        raise _network_error(url, host, exc, timeout) from None
    except (ssl.SSLError, ConnectionError, OSError) as exc:
        raise _network_error(url, host, exc, timeout) from None
    except ValueError as exc:  # a malformed redirect target, say
        raise NewsmarkError(f"{url} could not be fetched ({exc}); check the address") from None
    return Fetch(url=url, final_url=final_url, body=b"".join(chunks), status=status, content_type=ctype,
                 content_type_header=header, fetched_at=fetched_at, redirects=recorder.hops)


def from_file(path, url: str) -> Fetch:
    """A page the user saved with a browser, with the address it came from."""
    from pathlib import Path

    from newsmark.ingest import MAX_BYTES

    url = check_url(url)
    p = Path(path)
    if not p.is_file():
        raise NewsmarkError(f"{path} is not a file; give the saved .html page to --from-file")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise NewsmarkError(f"{path} is {size / 1048576:.1f} MB, above the {MAX_BYTES // 1048576} MB limit for one page")
    try:
        body = p.read_bytes()
    except OSError as exc:
        raise NewsmarkError(f"{path} cannot be read ({exc.strerror}); check the file") from None
    if _sniff_binary(body):
        raise NewsmarkError(f"{path} is not a saved web page (it looks like a {_sniff_binary(body)}); save the page as HTML")
    stamp = datetime.fromtimestamp(p.stat().st_mtime, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    return Fetch(url=url, final_url=url, body=body, status=None, content_type="text/html", fetched_at=stamp,
                 source="file", file=str(p.resolve()))


def _sniff_binary(body: bytes) -> str:
    if body.startswith(b"%PDF"):
        return "PDF"
    if body.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF")):
        return "image"
    if b"\x00" in body[:4096]:
        return "binary file"
    return ""


def _check_type(url: str, ctype: str) -> None:
    if not ctype or ctype in HTML_TYPES or ctype in TEXT_TYPES:
        return
    if ctype == "application/pdf":
        what = "a PDF"
    elif ctype.startswith("image/"):
        what = f"an image ({ctype})"
    else:
        what = f"{ctype}, not a web page"
    raise NewsmarkError(f"{url} is {what}; newsmark imports HTML pages — save the article's text to a .txt file "
                        "and import that")


def _too_big(url: str, max_bytes: int) -> NewsmarkError:
    return NewsmarkError(f"{url} is larger than {max_bytes:,} bytes, newsmark's limit for one page; "
                         "save the page and import the file, or raise --max-bytes")


def _network_error(url: str, host: str | None, reason, timeout: float) -> NewsmarkError:
    if isinstance(reason, (TimeoutError, socket.timeout)) or "timed out" in str(reason):
        return NewsmarkError(f"{url} did not answer within {timeout:g} s; try again later or raise --timeout")
    if isinstance(reason, ssl.SSLCertVerificationError):
        return NewsmarkError(f"{host}'s TLS certificate could not be verified ({reason.verify_message}); "
                             "newsmark does not read pages over an unverified connection")
    if isinstance(reason, ssl.SSLError):
        return NewsmarkError(f"TLS connection to {host} failed ({reason.reason or reason}); check the address "
                             "(http or https?) or try again later")
    if isinstance(reason, socket.gaierror):
        return NewsmarkError(f"cannot find {host} (offline, or no such host); check your connection and the address")
    if isinstance(reason, ConnectionRefusedError):
        return NewsmarkError(f"{host} refused the connection; check the address and port")
    if isinstance(reason, (ConnectionResetError, ConnectionAbortedError)):
        return NewsmarkError(f"{host} closed the connection; try again later")
    text = getattr(reason, "strerror", None) or str(reason)
    return NewsmarkError(f"{url} could not be fetched ({text}); check the address and your connection")
