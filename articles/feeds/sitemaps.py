"""``/sitemap.xml``: an index of sitemaps of the reading pages (django.contrib.sitemaps).

Only what an anonymous reader can open is listed: published entries, and the tags, sources,
campaigns and authors that have published entries. Rows are read as tuples, not model
instances, so a 50,000-address sitemap page stays quick to build.
"""

from functools import partial, wraps

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.urls import reverse

from tags.models import Tag, TaggedEntry

from ..models import Campaign, CampaignPost, Entry, PressLink, Source
from ..stream import conditional
from ..stream.queries import authors, published
from .views import cached


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "tag_list", "source_list", "campaign_list"]

    def location(self, item):
        return reverse(item)


class EntriesSitemap(Sitemap):
    """Press links and campaign posts: ``(pk, kind, updated_at, campaign slug, episode)``.

    5,000 addresses a page (not the 50,000 allowed): a page is built in about a second.
    """

    limit = 5000

    def items(self):
        return published().values_list(
            "pk", "kind", "updated_at", "campaignpost__campaign__slug", "campaignpost__episode"
        )

    def location(self, item):
        pk, kind, _updated, slug, episode = item
        if kind == Entry.Kind.LINK:
            return reverse("link_detail", args=[pk])
        return reverse("post_detail", args=[slug, episode])

    def lastmod(self, item):
        return item[2]


class NamedSitemap(Sitemap):
    """The pages ``url_name`` of the ``key`` of each row of ``rows()`` (a tag key, a domain...)."""

    def __init__(self, url_name: str, key: str, rows, limit: int = Sitemap.limit):
        self.url_name, self.key, self.rows, self.limit = url_name, key, rows, limit

    def items(self):
        return self.rows().order_by(self.key).values_list(self.key, flat=True)

    def location(self, item):
        return reverse(self.url_name, args=[item])


def _published(model, related, field: str, status: str = "status"):
    """``rows()``: the ``model`` rows a ``related`` row of a published entry points to."""
    rows = related.objects.filter(**{field: OuterRef("pk"), status: Entry.Status.PUBLISHED})
    return lambda: model.objects.filter(Exists(rows))


def cached_per_version(view):
    """``view`` built once per version of the review (a large sitemap takes seconds), with
    conditional requests answered 304."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        def build():
            return view(request, *args, **kwargs).render()

        state = conditional.current_state("sitemap")
        return conditional.respond(
            request, state, partial(cached, "sitemap", request, state, build)
        )

    return wrapper


index = cached_per_version(sitemap_views.index)
sitemap = cached_per_version(sitemap_views.sitemap)

# Classes or partials: the sitemap views make one per request.
SITEMAPS = {
    "pages": PagesSitemap,
    "entries": EntriesSitemap,
    "tags": partial(
        NamedSitemap,
        "tag_detail",
        "slug",
        _published(Tag, TaggedEntry, "tag", status="content_object__status"),
        limit=5000,
    ),
    "sources": partial(
        NamedSitemap, "source_detail", "domain", _published(Source, PressLink, "source")
    ),
    "campaigns": partial(
        NamedSitemap, "campaign_detail", "slug", _published(Campaign, CampaignPost, "campaign")
    ),
    "authors": partial(NamedSitemap, "author_detail", "username", authors),
}


def robots_txt(request):
    """Crawlers may read every reading page; the sitemap lists them."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    private = ["/admin/", "/i18n/", "/import/"]  # editors' pages and the language switch
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in private), f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
