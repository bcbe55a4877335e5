from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .bookmarklet import bookmarklet_for
from .roles import is_editor, visible_drafts


@login_required
def profile(request):
    drafts = visible_drafts(request.user).select_related(
        "author", "presslink", "campaignpost__campaign"
    )[:100]
    return render(
        request,
        "accounts/profile.html",
        {
            "drafts": drafts,
            "is_editor": is_editor(request.user),
            "bookmarklet": bookmarklet_for(request),
        },
    )
