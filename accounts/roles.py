"""The two roles of the editor, as Django groups, and the checks every write view uses.

* **contributor**: creates press links and campaign posts, edits and deletes their own,
  saves drafts and publishes their own entries.
* **editor**: every permission of the ``articles`` and ``tags`` apps: edits, publishes and
  deletes every entry, manages campaigns, sources and tags; also sees and lifts log-in
  locks (``axes.view_accessattempt``, ``axes.delete_accessattempt``).

Other apps test ``user.has_perm("tags.change_tag")`` or ``"articles.change_source"`` to
mean "editor"; contributors have neither.
"""

from django.db.models import Q

CONTRIBUTOR = "contributor"
EDITOR = "editor"

# The articles models a contributor may add, change, delete and view; ownership of entries
# is checked in code (:func:`articles.permissions.can_edit`).
CONTRIBUTOR_MODELS = ["presslink", "excerpt", "campaignpost", "postsource"]
EDITOR_APPS = ["articles", "tags"]
EDITOR_LOCK_PERMISSIONS = ["view_accessattempt", "delete_accessattempt"]  # of axes
EDITOR_MARKER = "articles.change_source"


def role_permissions(Permission):
    """The permissions of each role, as querysets of ``Permission`` (any app registry's)."""
    contributor = Permission.objects.filter(
        content_type__app_label="articles", content_type__model__in=CONTRIBUTOR_MODELS
    )
    editor = Permission.objects.filter(
        Q(content_type__app_label__in=EDITOR_APPS)
        | Q(content_type__app_label="axes", codename__in=EDITOR_LOCK_PERMISSIONS)
    )
    return {CONTRIBUTOR: contributor, EDITOR: editor}


def sync_roles(Group, Permission) -> None:
    """Create the groups and give them their permissions (adds only; safe to run again)."""
    for name, permissions in role_permissions(Permission).items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def sync_roles_after_migrate(sender, apps=None, using="default", **kwargs):
    """post_migrate handler (also sent after a flush, without ``apps``: tests use it)."""
    if apps is None:
        from django.apps import apps
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return
    sync_roles(Group, Permission)


def active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_editor(user) -> bool:
    return active(user) and user.has_perm(EDITOR_MARKER)


def is_contributor(user) -> bool:
    """May post entries at all (contributors and editors)."""
    return active(user) and user.has_perm("articles.add_presslink")


def can_create(user, kind: str = "presslink") -> bool:
    return active(user) and user.has_perm(f"articles.add_{kind}")


def give_role(user, role: str) -> None:
    """Add ``user`` to the group of ``role`` (CONTRIBUTOR or EDITOR)."""
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=role))
