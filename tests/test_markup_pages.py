"""Hostile input in every field a page shows: the pages run no script.

The corpus of ``test_markup_hostile`` is typed into every field of every model that a
page shows (rendered texts and plain ones: titles, names, labels, URLs), the pages are
requested and parsed by an HTML5 parser, and every element and attribute is checked.
"""

import pytest
from bleach._vendor import html5lib

from articles.models import Campaign, CampaignPost, Entry, Excerpt, PostSource, PressLink, Source
from tests.factories import BASE_TIME, make_user, retag
from tests.test_markup_hostile import HOSTILE, NEVER, _scheme

pytestmark = pytest.mark.django_db

# PostgreSQL stores no NUL character (Django's form fields refuse it with a message).
TEXTS = [text.replace("\x00", "") for text in HOSTILE.values()]
GROUPS = [TEXTS[start : start + 25] for start in range(0, len(TEXTS), 25)]
URLS = ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>"]
# Elements the page templates write (the language switch, search boxes, the head, a tag's
# timeline chart), which stored HTML never holds (test_markup_hostile): allowed here, their
# attributes (no event handler, no script URL) checked like any other.
TEMPLATE_ELEMENTS = {"form", "meta", "svg"}
HEAD_ONLY = {"meta", "link", "base"}


def enter(texts: list[str], serial: int) -> list[str]:
    """Rows carrying ``texts`` in every shown field; the URLs of the pages showing them."""
    text = "\n\n".join(texts)
    author = make_user(f"evil{serial}", first_name=texts[0], last_name=texts[1])
    source = Source.objects.create(name=texts[2], domain=f"evil{serial}.example")
    link = PressLink.objects.create(
        url=URLS[serial % len(URLS)],
        title=texts[3],
        source=source,
        commentary=text,
        image_url=URLS[(serial + 1) % len(URLS)],
        author=author,
        status=Entry.Status.PUBLISHED,
        published_at=BASE_TIME,
    )
    Excerpt.objects.bulk_create(
        Excerpt(link=link, position=position, text=excerpt)
        for position, excerpt in enumerate(texts)
    )
    retag(link, "#evil")  # renders the excerpts made in bulk, sets the tags
    campaign = Campaign.objects.create(name=texts[4], slug=f"evil-{serial}", description=text)
    post = CampaignPost.objects.create(
        campaign=campaign,
        episode=1,
        title=texts[5],
        lead=text,
        body=text + "\n\nVoir [1], [2] et [3].",
        author=author,
        status=Entry.Status.PUBLISHED,
        published_at=BASE_TIME,
    )
    for number, label in enumerate(texts[6:9], start=1):
        PostSource.objects.create(
            post=post,
            number=number,
            label=label,
            url=URLS[number % len(URLS)],
            press_link=link if number == 1 else None,
        )
    retag(post, "")
    tag_pages = [f"/tags/{tagging.tag.slug}/" for tagging in link.tagged_items.all()[:5]]
    return [
        "/",
        link.get_absolute_url(),
        post.get_absolute_url(),
        campaign.get_absolute_url(),
        "/campaigns/",
        source.get_absolute_url(),
        "/sources/",
        "/tags/",
        f"/authors/{author.username}/",
        *tag_pages,
    ]


def assert_page_runs_nothing(html: str, url: str) -> None:
    document = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    [main] = list(document.iter("main"))
    content = set(main.iter())
    for element in document.iter():
        assert isinstance(element.tag, str), f"comment in {url}"
        name = element.tag.rsplit("}", 1)[-1].lower()
        if element in content:
            assert name not in (NEVER - TEMPLATE_ELEMENTS) | HEAD_ONLY, (url, name)
        else:
            assert name not in NEVER - TEMPLATE_ELEMENTS, (url, name)
        for attribute, value in element.attrib.items():
            attribute = attribute.rsplit("}", 1)[-1].lower()
            assert not attribute.startswith("on"), (url, name, attribute)
            assert attribute not in ("style", "srcdoc", "formaction", "srcset"), (url, name)
            if attribute in ("href", "action"):
                assert _scheme(value) in {"http", "https", "mailto", ""}, (url, value)
            if attribute == "src":
                assert _scheme(value) in {"http", "https"}, (url, value)


@pytest.mark.parametrize("group", range(len(GROUPS)))
def test_hostile_input_in_every_shown_field_runs_nothing(client, group):
    urls = enter(GROUPS[group], group)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_page_runs_nothing(response.content.decode(), url)


def test_the_page_checker_catches_what_it_must():
    page = "<html><body><main>{}</main></body></html>"
    for unsafe in (
        "<script>x</script>",
        '<a href="&#106;avascript:x">x</a>',
        '<img src="data:image/png;base64,AA">',
        '<p onclick="x">x</p>',
        '<svg onload="alert(1)"></svg>',
        "<svg><script>alert(1)</script></svg>",
        '<form action="javascript:alert(1)"></form>',
        "<meta http-equiv=refresh content=0>",
    ):
        with pytest.raises(AssertionError):
            assert_page_runs_nothing(page.format(unsafe), "test")
    assert_page_runs_nothing(page.format('<a href="/tags/x/">x</a>'), "test")
