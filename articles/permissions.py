"""Who may edit, delete or see an entry: the roles of :mod:`accounts.roles` applied to entries."""

from django.contrib.auth.models import AnonymousUser

from accounts.roles import active, is_editor

from .models import Entry


def _may(user, entry, action: str) -> bool:
    """Editors may do ``action`` on everything; a contributor only on their own entries."""
    if not active(user):
        return False
    if is_editor(user):
        return True
    model = "campaignpost" if getattr(entry, "kind", None) == Entry.Kind.POST else "presslink"
    return entry.author_id == user.pk and user.has_perm(f"articles.{action}_{model}")


def can_edit(user, entry) -> bool:
    return _may(user, entry, "change")


def can_delete(user, entry) -> bool:
    return _may(user, entry, "delete")


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
