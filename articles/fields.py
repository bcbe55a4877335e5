"""The stored HTML of a text, rendered once on save by :mod:`articles.markup`."""

from django.db import models
from django.utils.safestring import mark_safe


class StoredHTMLField(models.TextField):
    """HTML rendered by :func:`articles.markup.render_markup` and stored next to its text.

    The one place where stored HTML is marked safe (templates print it as it is). Only
    the rendering code writes it: the field is not editable, and forms never show it.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return value if value is None else mark_safe(value)
