"""Rate limits of single views (django-ratelimit, counted in the default cache).

A view names its limits in ``settings.RATE_LIMITS`` ("number/period") and what each counts
per (the address, the user, a posted field), and the answer (429) given instead of the view
once a limit is reached, which says when to try again.
"""

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

ADDRESS = "ip"  # django-ratelimit's key for the client address (RATELIMIT_IP_META_KEY)
USER = "user"


def posted_lowercase(field: str) -> Callable:
    """A key counting per value of a posted field, whatever its case and outer spaces."""
    return lambda group, request: request.POST.get(field, "").strip().lower()[:254]


def rate(group: str, request=None) -> str | None:
    """The limit named ``group`` in ``settings.RATE_LIMITS`` (None: not limited)."""
    return settings.RATE_LIMITS.get(group)


def seconds_left(request, limits: list[tuple[str, object]], method: str) -> int | None:
    """Count this request against each (name, key) limit; seconds to wait if one is over."""
    waits = []
    for group, key in limits:
        usage = get_usage(request, group=group, key=key, rate=rate, method=method, increment=True)
        if usage is not None and usage["should_limit"]:
            # time_left is -1 when the cache did not answer: wait a whole period then; it is
            # 0 as the period ends: wait for the next second.
            waits.append(max(1, usage["time_left"]) if usage["time_left"] >= 0 else 60)
    return max(waits) if waits else None


def rate_limited(*limits: tuple[str, object], answer: Callable, method: str = "POST"):
    """View decorator: ``answer(request, seconds)`` with ``Retry-After`` once over a limit.

    Only requests of ``method`` count (a page shown by GET is not limited).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            seconds = seconds_left(request, list(limits), method)
            if seconds is None:
                return view(request, *args, **kwargs)
            response = answer(request, seconds)
            response["Retry-After"] = str(seconds)
            return response

        return wrapped

    return decorator


def retry_context(seconds: float, now: datetime | None = None) -> dict:
    """When to try again, for a page: ``until`` (a time) and ``wait`` ("14 minutes").

    The wait is rounded up to whole minutes, and said at the same instant as computed.
    """
    now = now or timezone.now()
    until = now + timedelta(minutes=max(1, math.ceil(seconds / 60)))
    return {"until": until, "wait": timeuntil(until, now)}


def json_answer(request, seconds: int) -> JsonResponse:
    """For the editor's script: ``ok`` false and the reason, as its other errors."""
    message = _("Too many requests: wait %(seconds)s seconds, then try again.") % {
        "seconds": seconds
    }
    return JsonResponse({"ok": False, "error": message, "retry_after": seconds}, status=429)


def page_answer(message) -> Callable:
    """An HTML page with ``message`` (a lazy translation) and when to try again."""

    def answer(request, seconds: int):
        context = {"message": message, **retry_context(seconds)}
        return render(request, "accounts/rate_limited.html", context, status=429)

    return answer


def text_answer(request, seconds: int) -> HttpResponse:
    """Plain text, for the editor's live preview, which shows it as it is."""
    message = _("Too many previews: wait %(seconds)s seconds, then type on.") % {"seconds": seconds}
    return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
