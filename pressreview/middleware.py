"""Requests carrying control characters where none belongs are answered 400 first.

A NUL cannot be stored in a PostgreSQL text (a 500), and no control character belongs in an
address, a parameter's name or a cookie. Other control characters in values (a form feed
pasted from a PDF) are kept: the feeds drop those XML cannot carry.
"""

import re

from django.shortcuts import render
from django.utils.translation import gettext as _

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # every C0 control character and DEL


def _hostile_pairs(data) -> bool:
    """Whether a ``QueryDict`` has a control character in a name, or a NUL in a value."""
    return any(
        _CONTROL.search(name) or any("\x00" in value for value in values)
        for name, values in data.lists()
    )


def hostile_input(request) -> str | None:
    """The first part of ``request`` holding a forbidden control character (files aside)."""
    if _CONTROL.search(request.path):
        return "path"
    if _hostile_pairs(request.GET):
        return "query"
    if any(_CONTROL.search(name + value) for name, value in request.COOKIES.items()):
        return "cookie"
    if request.method == "POST" and _hostile_pairs(request.POST):
        return "form"
    # Headers are stored too (django-axes keeps a failed login's User-Agent): no NUL.
    if any("\x00" in value for name, value in request.META.items() if name.startswith("HTTP_")):
        return "header"
    return None


class RejectControlCharacters:
    """Placed after ``LocaleMiddleware`` (the page is translated), before any database use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        part = hostile_input(request)
        if part is None:
            return self.get_response(request)
        messages = {
            "path": _("This address contains a control character."),
            "query": _("A parameter of this address contains a control character."),
            "cookie": _("A cookie sent with this request contains a control character."),
            "form": _("A field of this form contains a control character."),
            "header": _("A header of this request contains a control character."),
        }
        return render(request, "400.html", {"reason": messages[part]}, status=400)
