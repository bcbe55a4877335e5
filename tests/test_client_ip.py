"""The client address the log-in locks and rate limits count by (accounts.client_ip)."""

import pytest
from django.test import RequestFactory

from accounts.client_ip import UNKNOWN, client_ip, client_ip_from


@pytest.mark.parametrize(
    ("meta", "proxies", "expected"),
    [
        ({"REMOTE_ADDR": "203.0.113.7"}, 0, "203.0.113.7"),
        # Without a proxy, a forged X-Forwarded-For is ignored.
        ({"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, 0, "203.0.113.7"),
        # Behind one proxy: the address it appended (the right-most), not the forged one.
        (
            {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.7"},
            1,
            "203.0.113.7",
        ),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}, 1, "203.0.113.7"),
        # Behind two proxies: the second from the right.
        (
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.7, 10.0.0.1"},
            2,
            "203.0.113.7",
        ),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "2001:db8::1"}, 1, "2001:db8::1"),
        # A header shorter than the proxies, or not an address: the direct peer.
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}, 2, "127.0.0.1"),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "evil\x00"}, 1, "127.0.0.1"),
        ({"REMOTE_ADDR": "127.0.0.1"}, 1, "127.0.0.1"),
        # No address at all (a Unix socket): one shared bucket, never an error.
        ({"REMOTE_ADDR": ""}, 0, UNKNOWN),
        ({}, 1, UNKNOWN),
    ],
)
def test_client_address(meta, proxies, expected):
    assert client_ip_from(meta, proxies) == expected


def test_the_setting_gives_the_number_of_proxies(settings):
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert client_ip(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"
