"""Requests carrying control characters where none belongs are answered 400 first.

A NUL byte cannot be stored in a PostgreSQL text (the query fails: a 500), and no control
character has a use in an address, in a parameter's name or in a cookie.
:func:`hostile_input` finds the first part of a request that holds one: any C0 control
character or DEL in the path, in a query or form parameter's name or in a cookie; a NUL
in a parameter's value. Other control characters in values (a form feed or a vertical tab
pasted from a PDF into a commentary) are kept: PostgreSQL stores them and the feeds drop
those XML cannot carry (:func:`articles.feeds.views.xml_text`). :class:`RejectControlCharacters`
answers such a request with a clear "400 Bad request" page instead of passing it on.
"""

import re

from django.shortcuts import render
from django.utils.translation import gettext as _

# Every C0 control character and DEL: none belongs in an address, a name or a cookie.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _hostile_pairs(data) -> bool:
    """Whether a ``QueryDict`` has a control character in a name, or a NUL in a value."""
    for name, values in data.lists():
        if _CONTROL.search(name) or any("\x00" in value for value in values):
            return True
    return False


def hostile_input(request) -> str | None:
    """The part of ``request`` holding a control character it may not hold, or None.

    Looks at the path, the query parameters, the cookies, the form fields (names and
    values; uploaded files are read by their views) and the headers' values, in that order.
    """
    if _CONTROL.search(request.path):
        return "path"
    if _hostile_pairs(request.GET):
        return "query"
    for name, value in request.COOKIES.items():
        if _CONTROL.search(name) or _CONTROL.search(value):
            return "cookie"
    if request.method == "POST" and _hostile_pairs(request.POST):
        return "form"
    # Headers are stored too (django-axes keeps a failed login's User-Agent): no NUL.
    if any("\x00" in value for name, value in request.META.items() if name.startswith("HTTP_")):
        return "header"
    return None


class RejectControlCharacters:
    """Answers 400 to a request with a control character where none belongs.

    Placed after ``LocaleMiddleware`` (the page is in the reader's language) and before
    anything that reads the session or the database.
    """

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
