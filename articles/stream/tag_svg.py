"""The timeline of a tag as inline SVG, one bar per month; every text escaped by
:func:`~django.utils.html.format_html`."""

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .tag_stats import Month

WIDTH = 640
HEIGHT = 110
TOP = 6
BASE = 92  # y of the bars' base line; year labels below it


def month_label(month: Month) -> str:
    count = ngettext("%(count)d entry", "%(count)d entries", month.count) % {"count": month.count}
    return f"{date_format(month.month, 'YEAR_MONTH_FORMAT')} : {count}"


def timeline_svg(months: list[Month], title: str, svg_id: str = "timeline") -> SafeString:
    """An accessible bar chart of ``months`` (title, description, a tooltip per bar)."""
    if not months:
        return SafeString("")
    most = max(month.count for month in months) or 1
    slot = WIDTH / len(months)
    gap = min(1.0, slot / 4)
    bars = []
    years = []
    for n, month in enumerate(months):
        height = (BASE - TOP) * month.count / most
        x = n * slot
        bars.append(
            (
                f"{x + gap / 2:.2f}",
                f"{BASE - height:.2f}",
                f"{max(slot - gap, 0.5):.2f}",
                f"{height:.2f}",
                month_label(month),
            )
        )
        if month.month.month == 1 or n == 0:
            years.append((f"{x:.2f}", BASE, BASE + 5, f"{x + 2:.2f}", HEIGHT - 2, month.month.year))
    description = _(
        "%(total)d entries from %(first)s to %(last)s; at most %(most)d in a month."
    ) % {
        "total": sum(month.count for month in months),
        "first": date_format(months[0].month, "YEAR_MONTH_FORMAT"),
        "last": date_format(months[-1].month, "YEAR_MONTH_FORMAT"),
        "most": most,
    }
    return format_html(
        '<svg class="timeline" id="{id}" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" preserveAspectRatio="none" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<line class="axis" x1="0" y1="{base}" x2="{w}" y2="{base}"/>'
        "{bars}{years}</svg>",
        id=svg_id,
        w=WIDTH,
        h=HEIGHT,
        base=BASE,
        title=title,
        desc=description,
        bars=format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>',
            bars,
        ),
        years=format_html_join(
            "",
            '<line class="tick" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>'
            '<text x="{3}" y="{4}">{5}</text>',
            years,
        ),
    )
