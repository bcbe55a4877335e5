from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .lockout import LIFT_PERMISSION, current_locks, lift, lift_target


@require_http_methods(["GET", "POST"])
@login_required
@permission_required(LIFT_PERMISSION, raise_exception=True)
def locks(request):
    """Editors: the current log-in locks, each with a button lifting it."""
    if request.method == "POST":
        target = lift_target(request.POST.get("kind", ""), request.POST.get("value", ""))
        if target is None:
            return HttpResponseBadRequest(_("This is not a lock to lift."))
        lift(*target)
        messages.success(
            request, _("Lock lifted: %(value)s can log in again.") % {"value": target[1]}
        )
        return redirect("login_locks")
    return render(
        request,
        "accounts/locks.html",
        {"locks": current_locks(), "failure_limit": settings.AXES_FAILURE_LIMIT},
    )
