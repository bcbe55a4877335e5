"""Writing the search index, in the transaction of the change (:mod:`articles.writes`)."""

from .models import SearchDocument

# Private-use characters the highlighter uses as marks: removed from indexed texts,
# so no text can carry a mark of its own.
MARK_START = "\ue000"
MARK_STOP = "\ue001"
_STRIP_MARKS = str.maketrans({MARK_START: " ", MARK_STOP: " ", "\x00": " "})


def clean_text(*texts) -> str:
    """``texts`` joined as one indexed text, without the highlighter's marks or NULs."""
    return "\n\n".join(text.translate(_STRIP_MARKS) for text in texts if text)


def store_documents(entry_ids: list[int], documents: list[SearchDocument]) -> None:
    """Make ``documents`` the index of ``entry_ids``; an id without a document is dropped."""
    SearchDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["entry"],
        update_fields=["published_at", "publication", "title", "body", "source", "tags"],
    )
    found = {document.entry_id for document in documents}
    gone = [pk for pk in entry_ids if pk not in found]
    if gone:
        SearchDocument.objects.filter(entry_id__in=gone).delete()
