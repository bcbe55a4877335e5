"""URLs of the activists' editor (included at the root by pressreview.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("links/new/", views.link_new, name="link_new"),
    path("links/<id:pk>/edit/", views.link_edit, name="link_edit"),
    path("links/<id:pk>/delete/", views.link_delete, name="link_delete"),
    path("posts/new/", views.post_new, name="post_new"),
    path("posts/<id:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<id:pk>/delete/", views.post_delete, name="post_delete"),
    path("editor/fetch/", views.fetch_page_metadata, name="editor_fetch"),
    path("editor/preview/", views.preview, name="editor_preview"),
    path("editor/tags/", views.tag_autocomplete, name="tag_autocomplete"),
    path("editor/links/", views.link_search, name="link_search"),
    path("accounts/profile/", views.profile, name="profile"),  # the activist's desk
]
