"""``{% load roles %}``: ``{% if user|may_edit:entry %}`` shows edit links to who may edit."""

from django import template

from articles.permissions import can_edit

register = template.Library()


@register.filter
def may_edit(user, entry) -> bool:
    return can_edit(user, entry)
