from django import template

from tags import links

register = template.Library()


@register.filter
def tag_label(tag) -> str:
    """The tag's spelling in the reader's language (escaped by the template)."""
    return tag.label()


@register.simple_tag
def tags_url(tags) -> str:
    """URL of the stream of entries carrying all ``tags``."""
    return links.tag_url("+".join(tag.slug for tag in tags))


register.simple_tag(links.tag_link, name="tag_link")


@register.simple_tag
def entry_tags(entry):
    """The entry's tags and themes as links (from its prefetched taggings)."""
    return links.entry_tags_html(entry.tagged_items.all())


@register.filter
def join_slugs(tags, extra=None) -> str:
    """``a+b`` path part of ``tags``, plus ``extra`` if given (to narrow a tag page)."""
    slugs = [tag.slug for tag in tags]
    if extra is not None and extra.slug not in slugs:
        slugs.append(extra.slug)
    return "+".join(slugs)
