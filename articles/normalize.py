"""Normalised forms of links and domains, so one article or publication is stored once."""

import contextlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "xtor",
        "xts",
        "at_medium",
        "at_campaign",
        "emc",
        "campaign_id",
        "ref_src",
        "_ga",
        "yclid",
    }
)
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_")
DEFAULT_PORTS = {"http": 80, "https": 443}
# Host prefixes that name the same publication as the bare domain.
SAME_SITE_PREFIXES = ("www.", "m.", "amp.", "mobile.")


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def normalize_host(host: str) -> str:
    """Lower-case, IDNA-decoded host name without a trailing dot."""
    host = host.strip().rstrip(".").lower()
    if host.startswith("xn--") or ".xn--" in host:
        with contextlib.suppress(UnicodeError):
            host = host.encode("ascii").decode("idna")
    return host


def normalize_domain(url_or_host: str) -> str:
    """The publication's domain: ``https://www.LeMonde.fr/x`` gives ``lemonde.fr``."""
    text = url_or_host.strip()
    host = urlsplit(text).hostname if "//" in text else text.split("/")[0].split(":")[0]
    host = normalize_host(host or "")
    for prefix in SAME_SITE_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    return host


def normalize_url(url: str) -> str:
    """A comparison key for ``url``: same article, same key.

    Lower-cases scheme and host, drops the default port, the fragment, tracking
    parameters (``utm_*``, ``fbclid``, ``gclid``, ``xtor``...) and a trailing slash;
    keeps the order of the other parameters (some sites depend on it).
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = normalize_host(parts.hostname or "")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    path = parts.path or "/"
    if path != "/" and path.endswith("/"):
        path = path.rstrip("/") or "/"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    )
    if path == "/" and not query:
        path = ""
    return urlunsplit((scheme, netloc, path, query, ""))


_SPACE_OR_CONTROL = re.compile(r"[\x00-\x1f\s]")


def http_url(value) -> str:
    """``value`` when it is an absolute http(s) URL with a host, else ``""``."""
    text = str(value or "").strip()
    if _SPACE_OR_CONTROL.search(text):
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return text
