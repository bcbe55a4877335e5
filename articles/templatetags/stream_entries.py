from django import template

from articles.stream import fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def stream_entry(context, entry, shown):
    """The HTML of one entry (``articles/_entry.html``): from the cache, or rendered and cached.

    ``shown`` says at which stream version and for which reader: a stream page (its
    paginator's; the entries it found in the cache are :class:`RenderedEntry` objects) or
    a feed's items (:class:`articles.feeds.views.FeedItems`, with the HTML it found).
    """
    if isinstance(entry, fragments.RenderedEntry):
        return entry.html
    shown = getattr(shown, "paginator", shown)
    html = getattr(shown, "found", {}).get(entry.pk)
    if html is None:
        entry_template = context.template.engine.get_template(fragments.ENTRY_TEMPLATE)
        with context.push(entry=entry):
            html = entry_template.render(context)
        fragments.store(entry, html, getattr(shown, "version", None), shown.variant)
    return html
