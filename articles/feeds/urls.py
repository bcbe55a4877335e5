"""Addresses of the feeds, the sitemap and robots.txt (included at the site's root).

Every stream's feeds are its page's address plus ``feed/atom/`` or ``feed/rss/``.
"""

from django.urls import path

from . import sitemaps
from . import views as feeds

urlpatterns = [
    path("feed/atom/", feeds.StreamAtomFeed(), name="stream_feed_atom"),
    path("feed/rss/", feeds.StreamFeed(), name="stream_feed_rss"),
    path("tags/<str:spec>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("tags/<str:spec>/feed/rss/", feeds.TagFeed(), name="tag_feed_rss"),
    path("sources/<str:domain>/feed/atom/", feeds.SourceAtomFeed(), name="source_feed_atom"),
    path("sources/<str:domain>/feed/rss/", feeds.SourceFeed(), name="source_feed_rss"),
    path("campaigns/<str:slug>/feed/atom/", feeds.CampaignAtomFeed(), name="campaign_feed_atom"),
    path("campaigns/<str:slug>/feed/rss/", feeds.CampaignFeed(), name="campaign_feed_rss"),
    path("authors/<str:username>/feed/atom/", feeds.AuthorAtomFeed(), name="author_feed_atom"),
    path("authors/<str:username>/feed/rss/", feeds.AuthorFeed(), name="author_feed_rss"),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
]
