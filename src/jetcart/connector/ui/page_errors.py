"""What the merchant pages share when a use case refuses input or a call to Jet or the store fails."""

from __future__ import annotations

from django import forms

from jetcart.connector.jet_and_store import GatewayNotConfigured
from jetcart.jet.errors import JetError
from jetcart.store.errors import StoreError

# Failures of a call to Jet or the store that a page reports in a sentence (nothing was changed by the page).
CALL_FAILURES = (GatewayNotConfigured, JetError, StoreError)


def show_problems(form: forms.Form, errors: dict[str, list[str]]) -> None:
    """Puts each problem a use case found next to its field, or at the top when no field of the form has it."""
    for name, problems in errors.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)
