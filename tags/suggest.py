"""Tag suggestions for the editor's tag field: existing tags starting with what is typed."""

from django.db.models import Count

from .models import Tag, TaggedEntry
from .parser import tag_key


def suggest_tags(typed: str, limit: int = 10) -> list[tuple[Tag, int]]:
    """Tags whose identity starts with ``typed`` (``#`` and case ignored), most used first.

    Two short queries instead of one join: the matching tags, then the number of entries
    of those tags only, counted from the tagging index.
    """
    key = tag_key(typed.strip().lstrip("#"))
    if not key:
        return []
    ids = list(Tag.objects.filter(slug__startswith=key).values_list("pk", flat=True))
    if not ids:
        return []
    counts = dict(
        TaggedEntry.objects.filter(tag_id__in=ids)
        .values_list("tag_id")
        .annotate(n=Count("*"))
        .order_by("-n", "tag_id")
        .values_list("tag_id", "n")[:limit]
    )
    tags = {tag.pk: tag for tag in Tag.objects.filter(pk__in=counts)}
    ranked = sorted(tags.values(), key=lambda tag: (-counts[tag.pk], tag.slug))
    if len(ranked) < limit:  # unused tags last
        unused = Tag.objects.filter(pk__in=ids).exclude(pk__in=counts).order_by("slug")
        ranked += list(unused[: limit - len(ranked)])
    return [(tag, counts.get(tag.pk, 0)) for tag in ranked]
