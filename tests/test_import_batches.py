"""An import of several batches: each batch's texts rendered (in worker processes) while the
next is written, and every entry left as the editor would leave it."""

import io

import pytest
from django.db.models import Sum

from articles.importers.services import run_import
from articles.models import Excerpt, PressLink
from articles.writes import BATCH
from search.models import SearchDocument
from tags.models import Tag, TagMonth
from tags.services import hashtag_line
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)  # the workers are forked processes
ENTRIES = 2 * BATCH + 37  # three batches, the last one partial


def seenthis_file(count: int) -> bytes:
    lines = []
    for n in range(count):
        lines += [
            f"• Article numéro {n}",
            f"https://journal{n % 7}.example/articles/{n}.html",
            "",
            f"Un passage sur le #port{n % 5} et les cadences {n}.",
            "",
            f"#Amazon #lot{n % 3}",
            "",
        ]
    return "\n".join(lines).encode()


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_batch_of_an_import_is_rendered_tagged_indexed_and_counted(jobs):
    author = make_user("importer")
    summary = run_import("seenthis", io.BytesIO(seenthis_file(ENTRIES)), author=author, jobs=jobs)
    assert summary.describe("created").startswith(f"{ENTRIES} ")
    assert PressLink.objects.count() == ENTRIES
    assert not Excerpt.objects.filter(html="").exists()
    for n in (0, BATCH - 1, BATCH, 2 * BATCH, ENTRIES - 1):  # both sides of each batch edge
        link = PressLink.objects.get(title=f"Article numéro {n}")
        html = link.excerpts.get().html
        assert f'href="/tags/port{n % 5}/"' in html and f"cadences {n}." in html
        assert hashtag_line(link) == f"#Amazon #lot{n % 3} #port{n % 5}"
        assert SearchDocument.objects.filter(entry_id=link.pk, body__contains=f"{n}.").exists()
    amazon = Tag.objects.get(slug="amazon")
    assert TagMonth.objects.filter(tag=amazon).aggregate(n=Sum("count"))["n"] == ENTRIES
    assert (
        sum(TagMonth.objects.filter(tag__slug__startswith="port").values_list("count", flat=True))
        == ENTRIES
    )
