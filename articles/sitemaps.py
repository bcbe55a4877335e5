"""``/sitemap.xml``: an index of sitemaps of the reading pages (django.contrib.sitemaps).

Only what an anonymous reader can open is listed: published entries, and the tags, sources,
campaigns and authors that have published entries. Rows are read as tuples, not model
instances, so a 50,000-address sitemap page stays quick to build.
"""

from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from tags.models import Tag, TaggedEntry

from .models import Campaign, CampaignPost, Entry, PressLink, Source
from .stream import published


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "tag_list", "source_list", "campaign_list"]

    def location(self, item):
        return reverse(item)


class EntriesSitemap(Sitemap):
    """Press links and campaign posts: ``(pk, kind, updated_at, campaign slug, episode)``."""

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
        entries = Entry.objects.filter(author=OuterRef("pk"), status=Entry.Status.PUBLISHED)
        return (
            get_user_model()
            .objects.filter(Exists(entries), is_active=True)
            .order_by("username")
            .values_list("username", flat=True)
        )


SITEMAPS = {
    "pages": PagesSitemap,
    "entries": EntriesSitemap,
    "tags": TagsSitemap,
    "sources": SourcesSitemap,
    "campaigns": CampaignsSitemap,
    "authors": AuthorsSitemap,
}
