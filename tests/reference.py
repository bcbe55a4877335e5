"""Figures counted the slow, obvious way, that the running counts must match."""

from django.db.models import Count
from django.db.models.functions import TruncMonth

from articles.stream.tag_stats import Month, with_empty_months


def timeline(entries) -> list[Month]:
    """Entries per month (in the current time zone), from the first month to the last, gaps 0."""
    rows = (
        entries.order_by()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    return with_empty_months(
        {row["month"].date(): row["count"] for row in rows if row["month"] is not None}
    )
