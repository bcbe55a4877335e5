"""Who may edit, delete or see an entry: the roles of :mod:`accounts.roles` applied to entries.

Editors edit and delete everything; a contributor only their own entries; a draft is seen
by its author and the editors.
"""

from django.contrib.auth.models import AnonymousUser

from accounts.roles import active, is_editor

from .models import Entry


def _model_name(entry) -> str:
    kind = getattr(entry, "kind", None)
    return "campaignpost" if kind == Entry.Kind.POST else "presslink"


def can_edit(user, entry) -> bool:
    """Editors edit everything; a contributor only their own entries."""
    if not active(user):
        return False
    if is_editor(user):
        return True
    return entry.author_id == user.pk and user.has_perm(f"articles.change_{_model_name(entry)}")


def can_delete(user, entry) -> bool:
    if not active(user):
        return False
    if is_editor(user):
        return True
    return entry.author_id == user.pk and user.has_perm(f"articles.delete_{_model_name(entry)}")


def can_see(user, entry) -> bool:
    """Published entries are public; a draft is seen by its author and editors only."""
    if entry.status == Entry.Status.PUBLISHED:
        return True
    user = user or AnonymousUser()
    return active(user) and (entry.author_id == user.pk or is_editor(user))


def visible_drafts(user):
    """The drafts ``user`` may see: their own, or all of them for an editor."""
    drafts = Entry.objects.filter(status=Entry.Status.DRAFT).order_by("-updated_at", "-id")
    if is_editor(user):
        return drafts
    if not active(user):
        return drafts.none()
    return drafts.filter(author=user)
