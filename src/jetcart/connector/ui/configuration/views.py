"""Shows and saves the merchant's Jet configuration."""

from django.contrib import messages
from django.shortcuts import redirect

from jetcart.connector.configuration.jet_configuration import (
    FIELDSETS,
    ConfigurationForm,
    load_configuration,
    save_configuration,
)
from jetcart.connector.operations.connection_test import try_typed_keys
from jetcart.connector.ui.site import render_page


def configuration_page(request):
    config = load_configuration()
    if request.method == "POST":
        form = ConfigurationForm(request.POST, instance=config)
        testing = "test_connection" in request.POST
        if form.is_valid() and testing:  # the keys as typed are tried; nothing is saved
            check = try_typed_keys(form)
            messages.add_message(request, messages.SUCCESS if check.ok else messages.ERROR,
                                 f"Test connection: {check.message}")
            messages.info(request, "The keys were tried as typed; nothing was saved."
                          + (" Type the secret again and Save to keep them." if form.cleaned_data.get("api_secret")
                             else ""))
        elif form.is_valid():
            save_configuration(form)
            messages.success(request, "Configuration saved.")
            return redirect(request.path)
        else:
            messages.error(request, "Please correct the fields marked below; nothing was saved.")
    else:
        form = ConfigurationForm(instance=config)
    fieldsets = [(name, [form[f] for f in fields]) for name, fields in FIELDSETS]
    return render_page(
        request, "jetcart/configuration.html", {"form": form, "fieldsets": fieldsets}, title="Jet configuration"
    )
