from django import template
from django.urls import reverse

from tags.services import split_for_display

register = template.Library()


@register.filter
def tag_label(tag) -> str:
    """The tag's spelling in the reader's language (escaped by the template)."""
    return tag.label()


@register.simple_tag
def tags_url(tags) -> str:
    """URL of the stream of entries carrying all ``tags``."""
    return reverse("tag_detail", args=["+".join(tag.slug for tag in tags)])


@register.inclusion_tag("tags/_entry_tags.html")
def entry_tags(entry):
    shown, folded, themes = split_for_display(entry.tagged_items.all())
    return {"shown": shown, "folded": folded, "themes": themes}


@register.filter
def join_slugs(tags, extra=None) -> str:
    """``a+b`` path part of ``tags``, plus ``extra`` if given (to narrow a tag page)."""
    slugs = [tag.slug for tag in tags]
    if extra is not None and extra.slug not in slugs:
        slugs.append(extra.slug)
    return "+".join(slugs)
