"""What the press-link and campaign-post editors share: the login-and-role gate, the form
page, the save flow and the delete page.

Saving answers 400 with the form's errors, 409 when the rules refuse the save
(:class:`Refused`) or someone saved the entry meanwhile (a conflict: the person's text stays
in the form), and otherwise redirects to the published entry or back to its draft.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import is_contributor, is_editor

from ..models import Entry
from ..permissions import can_delete, can_edit
from . import links as editing


def contributor_required(view):
    """Login first (redirect to the login page), then a role (403)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_contributor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class Refused(Exception):
    """A save the rules refuse: the form ``field`` it concerns, why, and what the page adds."""

    def __init__(self, field: str, message: str, **context):
        super().__init__(message)
        self.field, self.message, self.context = field, message, context


@dataclass(frozen=True)
class EntryEditor:
    """One kind of entry's editor.

    ``store(request, entry, form, formset, publish)`` saves what the valid forms hold and
    returns the saved entry, raising :class:`Refused` or
    :class:`~articles.editor.links.EditConflict`.
    """

    template: str
    entry_name: str  # how the template names the entry: "link", "post"
    edit_view: str
    form_class: type
    formset: Callable  # the formset bound to posted data (``formset(data)``)
    store: Callable

    def bound_forms(self, data):
        return self.form_class(data), self.formset(data)

    def initial(self, entry) -> dict:
        """The form's values for ``entry`` as saved."""
        fields = model_to_dict(entry, fields=list(self.form_class.base_fields))
        return {**fields, "hashtags": entry.tag_line, "version": editing.version_of(entry)}

    def page(self, request, form, formset, entry=None, **context):
        """The form page; ``status`` in the context answers 400 or 409 instead of 200."""
        context.update(
            {
                "form": form,
                "formset": formset,
                self.entry_name: entry,
                "can_delete": entry is not None and can_delete(request.user, entry),
                "is_editor": is_editor(request.user),
            }
        )
        return render(request, self.template, context, status=context.get("status"))

    def delete(self, request, entry):
        """The confirmation page (GET), then the deletion (POST)."""
        if not can_delete(request.user, entry):
            raise PermissionDenied
        if request.method == "POST":
            editing.delete_entry(entry, user=request.user)
            messages.success(request, _("“%(title)s” was deleted.") % {"title": entry.title})
            return redirect("profile")
        back_url = reverse(self.edit_view, args=[entry.pk])
        context = {"entry": entry, "back_url": back_url}
        return render(request, "articles/editor/delete_confirm.html", context)

    def save(self, request, entry):
        """The answer to the posted form: its errors, a refusal, a conflict, or the saved entry."""
        data = request.POST.copy()
        form, formset = self.bound_forms(data)
        if not (form.is_valid() and formset.is_valid()):
            return self.page(request, form, formset, entry, status=400)
        publish = request.POST.get("action") == "publish"
        try:
            saved = self.store(request, entry, form, formset, publish)
        except Refused as refused:
            form.add_error(refused.field, refused.message)
            return self.page(request, form, formset, entry, **refused.context, status=409)
        except editing.EditConflict as conflict:
            # The person's text stays in the form; saving again is their informed choice.
            data["version"] = conflict.version
            form, formset = self.bound_forms(data)
            return self.page(request, form, formset, entry, conflict=conflict, status=409)
        if saved.status == Entry.Status.PUBLISHED:
            messages.success(request, _("Published."))
            return redirect(saved.get_absolute_url())
        messages.success(request, _("Draft saved."))
        return redirect(self.edit_view, saved.pk)


def entry_to_edit(request, queryset, pk):
    """The entry ``pk`` of ``queryset`` (404), if the person may edit it (else 403)."""
    entry = get_object_or_404(queryset, pk=pk)
    if not can_edit(request.user, entry):
        raise PermissionDenied
    return entry
