from django import template

from articles.stream import fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def stream_entry(context, entry, page):
    """The HTML of one entry of a stream ``page``: from the cache, or rendered (and cached)."""
    if isinstance(entry, fragments.RenderedEntry):
        return entry.html
    entry_template = context.template.engine.get_template(fragments.ENTRY_TEMPLATE)
    with context.push(entry=entry):
        html = entry_template.render(context)
    paginator = page.paginator
    fragments.store(entry, html, getattr(paginator, "version", None), paginator.variant)
    return html
