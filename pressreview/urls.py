from django.contrib import admin
from django.urls import include, path, register_converter
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from articles.ids import IdConverter
from articles.importers import web as importers
from articles.stream import search_views as search
from articles.stream import tag_views as tags
from articles.stream import views as articles
from jobs import views as jobs

register_converter(IdConverter, "id")

urlpatterns = [
    path("", articles.home, name="home"),
    path("links/<id:pk>/", articles.link_detail, name="link_detail"),
    path("campaigns/", articles.campaign_list, name="campaign_list"),
    path("campaigns/<str:slug>/", articles.campaign_detail, name="campaign_detail"),
    path("campaigns/<str:slug>/<int:episode>/", articles.post_detail, name="post_detail"),
    path("sources/", articles.source_list, name="source_list"),
    path("sources/<str:domain>/", articles.source_detail, name="source_detail"),
    path("authors/<str:username>/", articles.author_detail, name="author_detail"),
    path("tags/", tags.tag_list, name="tag_list"),
    path("tags/<str:spec>/", tags.tag_detail, name="tag_detail"),
    path("", include("articles.feeds.urls")),
    path("import/", jobs.import_page, name="import"),
    path("import/jobs/<uuid:pk>/", jobs.import_job, name="import_job"),
    path("import/backup.json", importers.export_json, name="export_json"),
    path("import/bookmarks.html", importers.export_bookmarks, name="export_bookmarks"),
    path("tags/<str:spec>/manage/", tags.tag_manage, name="tag_manage"),
    path("search/", search.search_view, name="search"),
    # Without a CSRF token, so that reading sets no CSRF cookie (public pages stay cacheable);
    # harmless: a forged request can only change the visitor's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("", include("articles.editor.urls")),
    path("admin/", admin.site.urls),
]
