"""Django app config of the Jet API sandbox."""

from django.apps import AppConfig


class SandboxConfig(AppConfig):
    name = "jetcart.sandbox"
    label = "sandbox"
    verbose_name = "Jet API sandbox"
