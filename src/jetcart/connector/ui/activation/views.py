"""Shows the activation steps grouped as in the manual and sends one when its button is pressed."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from jetcart.connector.configuration.jet_configuration import load_configuration
from jetcart.connector.operations.activation import UnknownStep, activation_results, send_activation_step
from jetcart.connector.ui.site import render_page


def activation_page(request):
    results = activation_results()
    groups = [(name, list(rows)) for name, rows in groupby(results, key=lambda r: r.step.group)]
    config = load_configuration()
    return render_page(request, "jetcart/activation/index.html", {
        "groups": groups, "config": config, "all_done": all(r.ok for r in results),
    }, title="Jet API activation")


@require_POST
def send_step(request, step: str):
    try:
        result = send_activation_step(step)
    except UnknownStep as exc:
        messages.error(request, str(exc))
        return redirect("admin:jet-activate-api:index")
    level = messages.SUCCESS if result.ok else messages.ERROR
    messages.add_message(request, level, f"{result.step.title}: {result.message}")
    return redirect(reverse("admin:jet-activate-api:index") + f"#step-{step}")
