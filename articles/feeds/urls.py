"""Addresses of the feeds (a stream page's address plus ``feed/atom/`` or ``feed/rss/``), the
sitemap and robots.txt, included at the site's root."""

from django.urls import path

from . import sitemaps, subjects
from .views import EntryFeed

STREAMS = [
    ("", "stream", subjects.whole_stream),
    ("tags/<str:spec>/", "tag", subjects.for_tags),
    ("sources/<str:domain>/", "source", subjects.for_source),
    ("campaigns/<str:slug>/", "campaign", subjects.for_campaign),
    ("authors/<str:username>/", "author", subjects.for_author),
]

urlpatterns = [
    path(f"{prefix}feed/{format}/", EntryFeed(subject, format), name=f"{kind}_feed_{format}")
    for prefix, kind, subject in STREAMS
    for format in subjects.FORMATS
]
urlpatterns += [
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
