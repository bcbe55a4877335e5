from django import template

from articles.normalize import http_url as _http_url

register = template.Library()


@register.filter
def http_url(value) -> str:
    """``value`` if it is an http(s) URL, else an empty string: never a ``javascript:`` link."""
    return _http_url(value)
