"""Fetching a page an activist pasted, safely, to pre-fill the editor.

:func:`fetch_metadata` may be pointed at anything, so every request is guarded:

* only ``http`` and ``https`` URLs;
* the host is resolved once and *every* address it resolves to is checked: loopback,
  private, link-local, multicast, reserved, unspecified, IPv4-mapped IPv6 and other
  non-global ranges are refused (:class:`FetchRefused`);
* the connection is made to the checked address itself (the host name is only sent in
  the ``Host`` header and for TLS), so DNS rebinding cannot swap the address;
* redirects are followed by hand, at most ``FETCH_MAX_REDIRECTS``, each target checked
  the same way;
* ``FETCH_TIMEOUT`` seconds in all (resolution, connection, redirects and reading);
* at most ``FETCH_MAX_BYTES`` are read, and only HTML is parsed.

Metadata (OpenGraph, JSON-LD, HTML meta) are read by trafilatura's metadata extraction.
``FETCH_ALLOW_PRIVATE_FOR_TESTS`` lets the tests reach loopback servers (True: any
loopback address; a list: those loopback addresses); it is off unless a test turns it on.
No other range can ever be allowed.
"""

import contextlib
import ipaddress
import re
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.utils.translation import gettext as _

from ..normalize import http_url

USER_AGENT = "Mozilla/5.0 (compatible; pressreview metadata fetcher)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
# IPv6 ranges that embed an IPv4 address or only make sense on a local network.
_EMBEDDING_IPV6 = [
    ipaddress.ip_network("64:ff9b::/96"),  # NAT64
    ipaddress.ip_network("64:ff9b:1::/48"),  # local-use NAT64
    ipaddress.ip_network("::/96"),  # IPv4-compatible (deprecated)
    ipaddress.ip_network("2002::/16"),  # 6to4
    ipaddress.ip_network("2001::/32"),  # Teredo
    ipaddress.ip_network("fec0::/10"),  # site-local (deprecated)
]
_resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="fetch-dns")


class FetchError(Exception):
    """The page could not be fetched or read; ``reason`` says why, for the activist."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class FetchRefused(FetchError):
    """The URL or an address it leads to is not one the fetcher may connect to."""


@dataclass
class FetchedPage:
    url: str
    charset: str | None
    body: bytes
    truncated: bool = False


def refusal_reason(address: str) -> str | None:
    """Why ``address`` (an IP address) may not be connected to, or None when it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    allowed = getattr(settings, "FETCH_ALLOW_PRIVATE_FOR_TESTS", False)
    if ip.is_loopback and (
        allowed is True
        or isinstance(allowed, list | tuple | set | frozenset)
        and str(ip) in allowed
    ):
        return None
    ipv6 = isinstance(ip, ipaddress.IPv6Address)
    checks = [
        (ip.is_loopback, _("%(ip)s is a loopback address.")),
        (ip.is_unspecified, _("%(ip)s is an unspecified address.")),
        (ipv6 and ip.ipv4_mapped is not None, _("%(ip)s is an IPv4-mapped IPv6 address.")),
        (
            ipv6 and any(ip in network for network in _EMBEDDING_IPV6),
            _("%(ip)s is an IPv6 address embedding an IPv4 address."),
        ),
        (ip.is_link_local, _("%(ip)s is a link-local address.")),
        (ip.is_multicast, _("%(ip)s is a multicast address.")),
        (ip.is_reserved, _("%(ip)s is a reserved address.")),
        (ip.is_private, _("%(ip)s is a private address.")),
        (not ip.is_global, _("%(ip)s is not a public address.")),
    ]
    for refused, message in checks:
        if refused:
            return message % {"ip": address}
    return None


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(_("The page took too long to answer."))
    return left


def resolve(host: str, port: int, deadline: float) -> list[str]:
    """The addresses of ``host``, all checked; raises :class:`FetchRefused` if one is refused."""
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        future = _resolver.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
        try:
            infos = future.result(timeout=_remaining(deadline))
        except FutureTimeout:
            raise FetchError(_("The page took too long to answer.")) from None
        except (OSError, UnicodeError):
            raise FetchError(_("The host %(host)s was not found.") % {"host": host}) from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(_("The host %(host)s was not found.") % {"host": host})
    for address in addresses:
        reason = refusal_reason(address)
        if reason:
            raise FetchRefused(reason)
    return addresses


def _check_url(url: str) -> tuple:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchRefused(_("This is not a valid web address.")) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(_("Only http and https addresses can be fetched."))
    if not parts.hostname or parts.username or parts.password:
        raise FetchRefused(_("This is not a valid web address."))
    return parts, scheme, port or (443 if scheme == "https" else 80)


def _open(url: str, deadline: float):
    """One GET of ``url`` on a connection to a checked address; no redirect followed."""
    parts, scheme, port = _check_url(url)
    host = parts.hostname
    addresses = resolve(host, port, deadline)
    host_header = f"[{host}]" if ":" in host else host
    if parts.port:
        host_header += f":{parts.port}"
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {
        "Host": host_header,
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
        "Accept-Encoding": "identity",
    }
    last_error = None
    for address in addresses:
        timeout = urllib3.Timeout(connect=_remaining(deadline), read=_remaining(deadline))
        options = {"timeout": timeout, "retries": False, "maxsize": 1}
        if scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                address,
                port,
                server_hostname=host,
                assert_hostname=host,
                cert_reqs="CERT_REQUIRED",
                **options,
            )
        else:
            pool = urllib3.HTTPConnectionPool(address, port, **options)
        try:
            return pool.urlopen(
                "GET",
                path,
                headers=headers,
                redirect=False,
                preload_content=False,
                assert_same_host=False,
                decode_content=False,
            )
        except urllib3.exceptions.TimeoutError:
            raise FetchError(_("The page took too long to answer.")) from None
        except urllib3.exceptions.SSLError:
            last_error = FetchError(_("The site's secure connection could not be verified."))
        except urllib3.exceptions.HTTPError:
            last_error = FetchError(_("The site could not be reached."))
    raise last_error


def _read(response, deadline: float, limit: int) -> tuple[bytes, bool]:
    """At most ``limit`` bytes of the body, within the deadline; and whether it was cut.

    A timer shuts the socket down at the deadline, so a server trickling bytes cannot
    keep the request open past it.
    """
    chunks, size = [], 0
    watchdog = threading.Timer(_remaining(deadline), _shutdown, args=[response])
    watchdog.daemon = True
    watchdog.start()
    try:
        while size <= limit:
            _remaining(deadline)
            chunk = response.read1(min(65536, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        _remaining(deadline)  # a read cut by the watchdog is not a complete page
    except (urllib3.exceptions.TimeoutError, TimeoutError):
        raise FetchError(_("The page took too long to answer.")) from None
    except (urllib3.exceptions.HTTPError, OSError):
        _remaining(deadline)
        raise FetchError(_("The page could not be read.")) from None
    finally:
        watchdog.cancel()
        response.close()
    body = b"".join(chunks)
    return body[:limit], len(body) > limit


def _shutdown(response) -> None:
    with contextlib.suppress(Exception):
        response.shutdown()


def fetch_page(url: str) -> FetchedPage:
    """The HTML page at ``url`` (following safe redirects), or :class:`FetchError`."""
    deadline = time.monotonic() + settings.FETCH_TIMEOUT
    current = url.strip()
    for _hop in range(settings.FETCH_MAX_REDIRECTS + 1):
        response = _open(current, deadline)
        location = response.headers.get("Location")
        if response.status in REDIRECT_STATUSES and location:
            response.release_conn()
            response.close()
            current = urljoin(current, location.strip())
            continue
        if response.status >= 400:
            response.close()
            raise FetchError(
                _("The page answered with the error %(status)d.") % {"status": response.status}
            )
        content_type, charset = _content_type(response.headers.get("Content-Type", ""))
        if content_type not in HTML_TYPES:
            response.close()
            raise FetchError(_("This address is not an HTML page."))
        body, truncated = _read(response, deadline, settings.FETCH_MAX_BYTES)
        return FetchedPage(current, charset, body, truncated)
    raise FetchError(
        _("The page redirects more than %(max)d times.") % {"max": settings.FETCH_MAX_REDIRECTS}
    )


def _content_type(header: str) -> tuple[str, str | None]:
    kind, _sep, params = header.partition(";")
    match = re.search(r"charset=[\"']?([\w.:-]+)", params, re.IGNORECASE)
    return kind.strip().lower(), match.group(1) if match else None


def decode_html(body: bytes, charset: str | None) -> str:
    """The page's text: the declared charset, else the one its ``<meta>`` declares, else UTF-8."""
    if not charset:
        match = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", body[:4096], re.IGNORECASE)
        charset = match.group(1).decode("ascii") if match else "utf-8"
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def metadata_from_html(html: str, url: str) -> dict:
    """Title, description, publication, date, author and image read from the page's markup."""
    from trafilatura.metadata import extract_metadata

    document = extract_metadata(html, default_url=url, extensive=False)
    found = document.as_dict() if document is not None else {}

    def text(key, limit):
        return " ".join(str(found.get(key) or "").split())[:limit]

    try:
        published = date.fromisoformat(str(found.get("date") or "")[:10])
    except ValueError:
        published = None
    image = http_url(urljoin(url, found["image"])) if found.get("image") else ""
    return {
        "url": url,
        "title": text("title", 500),
        "description": text("description", 5000),
        "publication": text("sitename", 200),
        "date": published,
        "author": text("author", 200),
        "image": image if len(image) <= 2000 else "",
    }


def fetch_metadata(url: str) -> dict:
    """What the page at ``url`` says of itself (see :func:`metadata_from_html`).

    Raises :class:`FetchRefused` for an address it may not reach and :class:`FetchError`
    when the page cannot be fetched or is not HTML.
    """
    page = fetch_page(url)
    metadata = metadata_from_html(decode_html(page.body, page.charset), page.url)
    metadata["truncated"] = page.truncated
    return metadata
