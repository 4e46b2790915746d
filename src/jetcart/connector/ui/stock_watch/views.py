"""The dashboard's "Confirm this installation" button."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from jetcart.connector import clone_guard


@require_POST
def confirm_installation(request):
    row = clone_guard.confirm(by=request.user.get_username())
    messages.success(request, f"Installation confirmed for {row.store_fingerprint}: writes to Jet resume.")
    return redirect("admin:index")
