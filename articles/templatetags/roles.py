"""``{% load roles %}``: ``{% if user|may_edit:entry %}`` shows edit links to who may edit."""

from django import template

from articles.permissions import can_edit

register = template.Library()
register.filter("may_edit", can_edit)
