"""Locked log-ins: when a lock ends, the page that says so, and the locks editors may lift.

An address or an account name is locked when its django-axes ``AccessAttempt`` rows of the
last cool-off period add up to ``AXES_FAILURE_LIMIT`` failures, until a cool-off period
after the last one.
"""

from dataclasses import dataclass
from datetime import datetime
from ipaddress import ip_address

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from accounts.client_ip import client_ip

from .ratelimits import retry_context

# What a lock holds on: AccessAttempt's field names (the ``AXES_LOCKOUT_PARAMETERS``).
ADDRESS = "ip_address"
ACCOUNT = "username"
KINDS = (ADDRESS, ACCOUNT)
LIFT_PERMISSION = "axes.delete_accessattempt"
LISTED = 200  # locks shown on the editors' page, the latest first


@dataclass(frozen=True)
class Lock:
    kind: str  # ADDRESS or ACCOUNT
    value: str
    failures: int
    until: datetime


def locks(kind: str, value: str | None = None, now: datetime | None = None) -> list[Lock]:
    """The current locks on addresses or on account names (only ``value``'s if given)."""
    if kind not in KINDS:
        raise ValueError(f"no lock on {kind!r}")
    now = now or timezone.now()
    period = get_cool_off()
    rows = AccessAttempt.objects.filter(attempt_time__gte=now - period).exclude(
        **{f"{kind}__isnull": True}
    )
    if value is not None:
        rows = rows.filter(**{kind: value})
    grouped = (
        rows.values(kind)
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")[:LISTED]
    )
    return [Lock(kind, row[kind], row["failures"], row["last"] + period) for row in grouped]


def current_locks(now: datetime | None = None) -> list[Lock]:
    """Every current lock, the one ending last first."""
    found = [lock for kind in KINDS for lock in locks(kind, now=now)]
    return sorted(found, key=lambda lock: lock.until, reverse=True)[:LISTED]


def lift_target(kind: str, value: str) -> tuple[str, str] | None:
    """The lock a form names, checked (an address must be one); None if it names none."""
    value = value.strip()
    if kind == ADDRESS:
        try:
            return kind, str(ip_address(value))
        except ValueError:
            return None
    if kind == ACCOUNT and value and len(value) <= 255:  # NUL: refused by the middleware
        return kind, value
    return None


def lift(kind: str, value: str) -> int:
    """Lift the lock on an address or an account name: forget its failures (their count)."""
    if not value:  # axes would forget every failure of every one
        raise ValueError("no address or account name given")
    if kind not in KINDS:
        raise ValueError(f"no lock on {kind!r}")
    return reset(ip=value) if kind == ADDRESS else reset(username=value)


def client_username(request, credentials=None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the account name tried, cut to the 255 characters axes stores.

    A NUL never gets here: pressreview.middleware refuses the request first.
    """
    name = (credentials or request.POST).get("username")
    return None if name is None else name[:255]


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the page saying when to try again (HTTP 429)."""
    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    username = client_username(request, credentials)
    now = timezone.now()
    ends = [
        lock.until
        for kind, value in ((ADDRESS, address), (ACCOUNT, username))
        if value
        for lock in locks(kind, value, now=now)
    ]
    end = max(ends, default=now + get_cool_off())
    response = render(
        request,
        "accounts/locked_out.html",
        retry_context((end - now).total_seconds(), now),
        status=429,
    )
    response["Retry-After"] = str(max(1, int((end - now).total_seconds())))
    return response
