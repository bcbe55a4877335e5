"""Requests carrying control characters are answered 400 before any view reads them.

A NUL byte cannot be stored in a PostgreSQL text (the query fails: a 500), and the other
C0 control characters are not allowed in XML (a feed would not parse). None of them has
a use in an address, in a cookie or in a form field, except the tab and the line breaks of
a typed text: :func:`hostile_input` finds the first part of a request that holds one, and
:class:`RejectControlCharacters` answers such a request with a clear "400 Bad request"
page instead of passing it on.
"""

import re

from django.shortcuts import render
from django.utils.translation import gettext as _

# Every C0 control character and DEL; in texts, tab, line feed and carriage return are fine.
_CONTROL_IN_PATH = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _hostile_pairs(data) -> bool:
    """Whether a ``QueryDict`` has a control character in a name or a value."""
    for name, values in data.lists():
        if _CONTROL_IN_PATH.search(name):
            return True
        if any(_CONTROL_IN_TEXT.search(value) for value in values):
            return True
    return False


def hostile_input(request) -> str | None:
    """The part of ``request`` holding a control character it may not hold, or None.

    Looks at the path, the query parameters, the cookies and the form fields (names and
    values; uploaded files are read by their views), in that order.
    """
    if _CONTROL_IN_PATH.search(request.path):
        return "path"
    if _hostile_pairs(request.GET):
        return "query"
    for name, value in request.COOKIES.items():
        if _CONTROL_IN_PATH.search(name) or _CONTROL_IN_PATH.search(value):
            return "cookie"
    if request.method == "POST" and _hostile_pairs(request.POST):
        return "form"
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
        }
        return render(request, "400.html", {"reason": messages[part]}, status=400)
