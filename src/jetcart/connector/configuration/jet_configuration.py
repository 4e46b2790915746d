"""Use cases of the configuration: load it, validate and save changes from the page or the command line."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import transaction

from jetcart.connector.api_url import api_url_problem
from jetcart.connector.models import JetConfiguration, secrets
from jetcart.connector.models.configuration import Mode

FIELDSETS: list[tuple[str, list[str]]] = [
    ("Jet API", ["api_url", "mode", "api_user", "api_secret", "merchant_id", "fulfillment_node_id"]),
    ("Price and inventory", ["price_rule", "price_increment", "inventory_buffer"]),
    ("Orders", ["auto_acknowledge", "customer_email", "order_status_new", "order_status_shipped",
                "order_status_cancelled", "record_rejected_orders"]),
    ("Returns", ["restock_returns"]),
    ("Return address", ["return_address1", "return_address2", "return_city", "return_state", "return_postcode"]),
    ("Schedules", ["orders_interval", "returns_interval", "refunds_interval", "status_interval", "errors_interval",
                   "sync_interval", "full_refresh_interval"]),
    ("Logging", ["logging_enabled", "log_level", "log_retention_days"]),
]
SECRET_KEYS = {"api_secret"}
ORDER_STATUS_KEYS = ("order_status_new", "order_status_shipped", "order_status_cancelled")
CONFIG_KEYS: list[str] = [key for _, keys in FIELDSETS for key in keys]
TRUE_WORDS = {"1", "true", "yes", "on", "enabled"}
FALSE_WORDS = {"0", "false", "no", "off", "disabled", ""}


class ConfigurationForm(forms.ModelForm):
    """Every configuration field with Jet's rules; a blank secret keeps the stored one."""

    api_url = forms.URLField(label="Jet API URL", max_length=300, assume_scheme="https",
                             widget=forms.URLInput(attrs={"class": "vURLField"}),
                             help_text="https://merchant-api.jet.com/api, or a sandbox's URL ending in /api.")
    api_secret = forms.CharField(
        label="API secret", required=False, strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = JetConfiguration
        fields = [key for key in CONFIG_KEYS if key != "api_secret"]
        widgets = {"return_state": forms.TextInput(attrs={"size": 2, "maxlength": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        try:
            current = self.instance.api_secret if self.instance and self.instance.pk else ""
        except secrets.SecretUnreadable:
            self.fields["api_secret"].help_text = (
                "The stored secret cannot be read (it was saved under another JETCART_SECRET_KEY): "
                "enter it again.")
        else:
            self.fields["api_secret"].help_text = (
                f"Stored ({secrets.mask(current)}). Leave blank to keep it." if current else "Not set."
            )
        statuses = store_order_statuses()
        for key in ORDER_STATUS_KEYS:
            if statuses:  # the store's own list, so only a status OpenCart knows can be chosen (never 0)
                model_field = self.fields[key]
                self.fields[key] = forms.TypedChoiceField(
                    label=model_field.label, help_text="", coerce=int,
                    choices=[(status_id, f"{name} ({status_id})") for status_id, name in sorted(statuses.items())],
                )
        self.order_fields(CONFIG_KEYS)

    def clean_return_state(self) -> str:
        return (self.cleaned_data.get("return_state") or "").upper()

    def clean(self):
        data = super().clean()
        if data.get("price_rule") == "percent" and (data.get("price_increment") or 0) > 500:
            self.add_error("price_increment", "A percentage above 500 is almost certainly a mistake.")
        if data.get("api_url"):
            problem = api_url_problem(data["api_url"], live=data.get("mode") == Mode.LIVE,
                                      allow_http=getattr(settings, "JETCART_ALLOW_HTTP_API", False))
            if problem:
                self.add_error("api_url", problem)
        return data

    def save(self, commit: bool = True) -> JetConfiguration:
        config = super().save(commit=False)
        new_secret = self.cleaned_data.get("api_secret")
        if new_secret:
            config.api_secret = new_secret
        if commit:
            config.save()
        return config


@transaction.atomic
def save_configuration(form: ConfigurationForm) -> JetConfiguration:
    """Saves a valid configuration form (the page's Save), in one transaction."""
    return form.save()


def store_order_statuses() -> dict[int, str]:
    """OpenCart's order statuses by id, or {} when the store cannot be read (the page then takes plain ids)."""
    from jetcart.connector.jet_and_store import store_gateway

    try:
        return dict(store_gateway().order_statuses())
    except Exception:  # noqa: BLE001 - an unreachable store must not make the configuration page unusable
        return {}


class ConfigurationValueError(ValueError):
    """A configuration value that was refused; the message names the key."""


def load_configuration() -> JetConfiguration:
    return JetConfiguration.load()


def configuration_items(config: JetConfiguration | None = None) -> list[tuple[str, str]]:
    """Each key with a printable value; secrets only say whether they are set."""
    config = config or load_configuration()
    items = []
    for key in CONFIG_KEYS:
        if key in SECRET_KEYS:
            try:
                value = "(set)" if getattr(config, key) else "(not set)"
            except secrets.SecretUnreadable:
                value = "(unreadable: JETCART_SECRET_KEY changed; set it again)"
        else:
            value = getattr(config, key)
            value = "" if value is None else str(value)
        items.append((key, value))
    return items


def set_configuration_values(changes: dict[str, str]) -> JetConfiguration:
    """Validates and saves changed keys through the page's own form; raises naming every refused key."""
    unknown = [key for key in changes if key not in CONFIG_KEYS]
    if unknown:
        raise ConfigurationValueError(
            f"unknown key(s) {', '.join(unknown)}; keys are: {', '.join(CONFIG_KEYS)}"
        )
    config = load_configuration()
    form = ConfigurationForm(instance=config)
    data = {}
    for name, field in form.fields.items():
        if name in SECRET_KEYS:
            continue
        value = form.initial.get(name)
        if isinstance(field, forms.BooleanField):
            data[name] = "on" if value else ""
        else:
            data[name] = "" if value is None else str(value)
    refused = []
    for key, value in changes.items():
        if isinstance(form.fields[key], forms.BooleanField):
            word = str(value).strip().lower()
            if word not in TRUE_WORDS | FALSE_WORDS:
                refused.append(f"{key}: {value!r} is neither on nor off (use yes/no, true/false, on/off or 1/0)")
                continue
            value = "on" if word in TRUE_WORDS else ""
        data[key] = value
    if refused:
        raise ConfigurationValueError("; ".join(refused))
    bound = ConfigurationForm(data, instance=config)
    if not bound.is_valid():
        problems = "; ".join(f"{key}: {' '.join(errs)}" for key, errs in bound.errors.items())
        raise ConfigurationValueError(problems)
    return bound.save()
