"""The merchant's Jet configuration: one row holding every setting of the configuration page."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models

from jetcart.connector.models import secrets

US_STATE_CODES = ["AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "AS", "GU", "MP", "PR", "VI", "AA", "AE", "AP"]

postcode_validator = RegexValidator(r"^\d{5}$", "Enter a 5-digit ZIP code, e.g. 10001.")


class PriceRule(models.TextChoices):
    NONE = "none", "Store price as is"
    FIXED = "fixed", "Add a fixed amount"
    PERCENT = "percent", "Add a percentage"


class Mode(models.TextChoices):
    TEST = "test", "Test (sandbox keys)"
    LIVE = "live", "Live"


class LogLevel(models.TextChoices):
    DEBUG = "DEBUG", "Debug"
    INFO = "INFO", "Info"
    WARNING = "WARNING", "Warning"
    ERROR = "ERROR", "Error"


def _state_code(value: str) -> None:
    from django.core.exceptions import ValidationError

    if value and value.upper() not in US_STATE_CODES:
        raise ValidationError("Enter the state's 2-letter code, e.g. NY.")


class JetConfiguration(models.Model):
    """The single row of merchant settings (Jet keys, node, return address, rules, schedules)."""

    api_url = models.URLField("Jet API URL", max_length=300, default="https://merchant-api.jet.com/api")
    api_user = models.CharField("API user", max_length=200, blank=True)
    api_secret_encrypted = models.TextField(blank=True, editable=False)
    merchant_id = models.CharField("Merchant ID", max_length=100, blank=True)
    fulfillment_node_id = models.CharField("Fulfillment node ID", max_length=100, blank=True)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.TEST)

    price_rule = models.CharField("Price rule", max_length=10, choices=PriceRule.choices, default=PriceRule.NONE)
    price_increment = models.DecimalField(
        "Amount of increment", max_digits=10, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Added to store prices: an amount in the store currency, or a percentage, by the price rule.",
    )
    inventory_buffer = models.PositiveIntegerField(
        default=0, help_text="Units held back from Jet: Jet gets the store quantity less this, never below 0."
    )
    customer_email = models.EmailField(
        "Customer email for orders", blank=True,
        help_text="Written on imported orders instead of Jet's anonymised buyer address; empty keeps Jet's.",
    )

    return_address1 = models.CharField("Return address 1", max_length=100, blank=True)
    return_address2 = models.CharField("Return address 2", max_length=100, blank=True)
    return_city = models.CharField("Return city", max_length=100, blank=True)
    return_state = models.CharField("Return state", max_length=2, blank=True, validators=[_state_code])
    return_postcode = models.CharField("Return postcode", max_length=5, blank=True, validators=[postcode_validator])

    auto_acknowledge = models.BooleanField("Auto order acknowledge", default=False)
    order_status_new = models.PositiveIntegerField(
        "Status of new Jet orders", default=2, help_text="OpenCart order status for imported orders (2 = Processing)."
    )
    order_status_shipped = models.PositiveIntegerField(
        "Status of shipped orders", default=3, help_text="OpenCart order status once Jet shows every unit shipped."
    )
    order_status_cancelled = models.PositiveIntegerField(
        "Status of cancelled orders", default=7, help_text="OpenCart order status for orders cancelled on Jet."
    )
    record_rejected_orders = models.BooleanField(
        "Record rejected orders in OpenCart", default=False,
        help_text="Also write orders rejected on Jet to OpenCart, at the cancelled status (no stock taken).",
    )
    restock_returns = models.BooleanField(
        "Restock returned items", default=False,
        help_text="Put units the customer sent back into stock when a return is completed (OpenCart does not).",
    )

    logging_enabled = models.BooleanField("Enable log", default=True)
    log_level = models.CharField(max_length=10, choices=LogLevel.choices, default=LogLevel.INFO)
    log_retention_days = models.PositiveIntegerField(default=30, validators=[MinValueValidator(1)])

    orders_interval = models.PositiveIntegerField(
        "Create orders / acknowledge every (minutes)", default=5, validators=[MinValueValidator(1)]
    )
    returns_interval = models.PositiveIntegerField(
        "Fetch returns every (minutes)", default=5, validators=[MinValueValidator(1)]
    )
    refunds_interval = models.PositiveIntegerField(
        "Refund status every (minutes)", default=60, validators=[MinValueValidator(1)]
    )
    status_interval = models.PositiveIntegerField(
        "Product status every (minutes)", default=180, validators=[MinValueValidator(1)]
    )
    errors_interval = models.PositiveIntegerField(
        "Product errors every (minutes)", default=720, validators=[MinValueValidator(1)]
    )
    sync_interval = models.PositiveIntegerField(
        "Price/inventory sync every (minutes)", default=15, validators=[MinValueValidator(1)]
    )
    full_refresh_interval = models.PositiveIntegerField(
        "Full inventory refresh every (minutes)", default=1440, validators=[MinValueValidator(60)]
    )
    # SHA-256 of the cron URLs' token (the token itself is shown once, when generated, and never stored).
    cron_token_hash = models.CharField(max_length=64, blank=True, editable=False)

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Jet configuration"

    def __str__(self) -> str:
        return "Jet configuration"

    @property
    def api_secret(self) -> str:
        """The decrypted secret; secrets.SecretUnreadable when JETCART_SECRET_KEY is not the one it was saved with."""
        return secrets.decrypt(self.api_secret_encrypted, name="api_secret")

    @api_secret.setter
    def api_secret(self, value: str) -> None:
        self.api_secret_encrypted = secrets.encrypt(value)

    @property
    def is_connected_setup(self) -> bool:
        """Whether the keys needed to call Jet are filled in."""
        return bool(self.api_url and self.api_user and self.api_secret_encrypted)

    @classmethod
    def load(cls) -> JetConfiguration:
        """The configuration row, created with defaults on first use."""
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj

    def save(self, *args, **kwargs):
        self.pk = 1
        if self.return_state:
            self.return_state = self.return_state.upper()
        super().save(*args, **kwargs)
