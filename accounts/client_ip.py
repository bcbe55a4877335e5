"""The address of the person making a request, for the login lock and the rate limits.

``REMOTE_ADDR`` by default: ``X-Forwarded-For`` is ignored, since anyone can send it. Behind
``TRUSTED_PROXY_COUNT`` reverse proxies that each append to it (nginx's
``proxy_add_x_forwarded_for``), the client is that many places from the right: what the
client itself put on the left is never trusted.
"""

import ipaddress

from django.conf import settings

# When no valid address can be found (a Unix socket without proxy settings), every such
# request shares this one: limited together rather than not at all.
UNKNOWN = "0.0.0.0"


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip_from(meta, proxies: int) -> str:
    """The client's address from request headers ``meta``, behind ``proxies`` proxies."""
    if proxies > 0:
        forwarded = [part for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
        if len(forwarded) >= proxies:
            address = _valid(forwarded[-proxies])
            if address:
                return address
    return _valid(meta.get("REMOTE_ADDR") or "") or UNKNOWN


def client_ip(request) -> str:
    """The client's address (``AXES_CLIENT_IP_CALLABLE`` and ``RATELIMIT_IP_META_KEY``)."""
    return client_ip_from(request.META, settings.TRUSTED_PROXY_COUNT)
