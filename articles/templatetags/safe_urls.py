"""``{{ value|http_url }}``: ``value`` if it is an http(s) URL, else "" (never ``javascript:``)."""

from django import template

from articles.normalize import http_url

register = template.Library()
register.filter("http_url", http_url)
