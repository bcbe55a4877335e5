"""``/sitemap.xml``: an index of sitemaps of the reading pages (django.contrib.sitemaps).

Only what an anonymous reader can open is listed: published entries, and the tags, sources,
campaigns and authors that have published entries. Rows are read as tuples, not model
instances, so a 50,000-address sitemap page stays quick to build.
"""

import hashlib
from functools import wraps

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.urls import reverse

from tags.models import Tag, TaggedEntry

from ..models import Campaign, CampaignPost, Entry, PressLink, Source
from ..stream import conditional
from ..stream.queries import authors, published

CACHE_SECONDS = 24 * 3600
KEPT_HEADERS = ("Content-Type", "X-Robots-Tag")


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
    """Pages named by one value (a tag key, a domain...): ``url_name`` and ``values()``."""

    url_name = ""

    def location(self, item):
        return reverse(self.url_name, args=[item])


class TagsSitemap(NamedSitemap):
    url_name = "tag_detail"
    limit = 5000

    def items(self):
        used = TaggedEntry.objects.filter(
            tag=OuterRef("pk"), content_object__status=Entry.Status.PUBLISHED
        )
        return Tag.objects.filter(Exists(used)).order_by("slug").values_list("slug", flat=True)


class SourcesSitemap(NamedSitemap):
    url_name = "source_detail"

    def items(self):
        linked = PressLink.objects.filter(source=OuterRef("pk"), status=Entry.Status.PUBLISHED)
        return (
            Source.objects.filter(Exists(linked))
            .order_by("domain")
            .values_list("domain", flat=True)
        )


class CampaignsSitemap(NamedSitemap):
    url_name = "campaign_detail"

    def items(self):
        posts = CampaignPost.objects.filter(campaign=OuterRef("pk"), status=Entry.Status.PUBLISHED)
        campaigns = Campaign.objects.filter(Exists(posts)).order_by("slug")
        return campaigns.values_list("slug", flat=True)


class AuthorsSitemap(NamedSitemap):
    url_name = "author_detail"

    def items(self):
        return authors().order_by("username").values_list("username", flat=True)


def cached_per_version(view):
    """``view`` answered from the cache while the stream's version is the same.

    A sitemap of a large review takes seconds to build: it is built once per version (any
    change to the review makes a new one), and conditional requests get a 304.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        state = conditional.current_state("sitemap")

        def build():
            if state is None:
                return view(request, *args, **kwargs)
            text = f"{conditional.etag(request, state)}|{request.build_absolute_uri('/')}"
            key = "sitemap:" + hashlib.sha256(text.encode()).hexdigest()[:32]
            cached = cache.get(key)
            if cached is not None:
                content, headers = cached
                return HttpResponse(content, headers=headers)
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                response.render()
                kept = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
                cache.set(key, (response.content, kept), CACHE_SECONDS)
            return response

        return conditional.respond(request, state, build)

    return wrapper


index = cached_per_version(sitemap_views.index)
sitemap = cached_per_version(sitemap_views.sitemap)

SITEMAPS = {
    "pages": PagesSitemap,
    "entries": EntriesSitemap,
    "tags": TagsSitemap,
    "sources": SourcesSitemap,
    "campaigns": CampaignsSitemap,
    "authors": AuthorsSitemap,
}


def robots_txt(request):
    """Crawlers may read every reading page; the sitemap lists them."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    private = ["/admin/", "/i18n/", "/import/"]  # editors' pages and the language switch
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in private), f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
