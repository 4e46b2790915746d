"""The sandbox's settings: Django settings named JETCART_SANDBOX_* (settings.py makes each such environment
variable one; `site/environment.py` is the one reader of the environment)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


def _raw(name: str) -> str | None:
    value = getattr(settings, name, None)
    return None if value is None or value == "" else str(value)


def _flag(name: str, default: bool) -> bool:
    value = _raw(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def _number(name: str, default: float) -> float:
    value = _raw(name)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ValueError(f"{name}: {value!r} is not a number") from exc


@dataclass(frozen=True)
class SandboxConfig:
    """Every tunable of the emulator; docs/sandbox.md lists them with their defaults."""

    control_api: bool
    token_hours: float
    clock_speed: float
    fraud_delay: float
    ack_window: float
    auto_cancel: bool
    review_delay: float
    return_delay: float
    refund_delay: float
    report_delay: float
    upload_url_seconds: int
    inventory_put: str
    strict_204_shipped: bool
    lenient_shipping_methods: bool
    rate_limit: float
    rate_burst: float
    faults: str
    fault_seed: str | None
    slow_seconds: float
    max_file_mb: float
    file_processing: str


def load_config() -> SandboxConfig:
    put_mode = (_raw("JETCART_SANDBOX_INVENTORY_PUT") or "replace").lower()
    if put_mode not in {"replace", "reject"}:
        raise ValueError("JETCART_SANDBOX_INVENTORY_PUT: use 'replace' or 'reject'")
    processing = (_raw("JETCART_SANDBOX_FILE_PROCESSING") or "thread").lower()
    if processing not in {"thread", "inline"}:
        raise ValueError("JETCART_SANDBOX_FILE_PROCESSING: use 'thread' or 'inline'")
    return SandboxConfig(
        control_api=_flag("JETCART_SANDBOX_CONTROL", False),
        token_hours=_number("JETCART_SANDBOX_TOKEN_HOURS", 10),
        clock_speed=_number("JETCART_SANDBOX_CLOCK_SPEED", 1),
        fraud_delay=_number("JETCART_SANDBOX_FRAUD_DELAY", 1800),
        ack_window=_number("JETCART_SANDBOX_ACK_WINDOW", 900),
        auto_cancel=_flag("JETCART_SANDBOX_AUTO_CANCEL", True),
        review_delay=_number("JETCART_SANDBOX_REVIEW_DELAY", 120),
        return_delay=_number("JETCART_SANDBOX_RETURN_DELAY", 300),
        refund_delay=_number("JETCART_SANDBOX_REFUND_DELAY", 300),
        report_delay=_number("JETCART_SANDBOX_REPORT_DELAY", 60),
        upload_url_seconds=int(_number("JETCART_SANDBOX_UPLOAD_URL_SECONDS", 1800)),
        inventory_put=put_mode,
        strict_204_shipped=_flag("JETCART_SANDBOX_STRICT_204", False),
        lenient_shipping_methods=_flag("JETCART_SANDBOX_LENIENT_METHODS", False),
        rate_limit=_number("JETCART_SANDBOX_RATE_LIMIT", 200),
        rate_burst=_number("JETCART_SANDBOX_RATE_BURST", 400),
        faults=_raw("JETCART_SANDBOX_FAULTS") or "",
        fault_seed=_raw("JETCART_SANDBOX_FAULT_SEED"),
        slow_seconds=_number("JETCART_SANDBOX_SLOW_SECONDS", 3),
        max_file_mb=_number("JETCART_SANDBOX_MAX_FILE_MB", 512),
        file_processing=processing,
    )


_cached: SandboxConfig | None = None


def config() -> SandboxConfig:
    """The settings, read once per process."""
    global _cached
    if _cached is None:
        _cached = load_config()
    return _cached


def reload_config() -> SandboxConfig:
    global _cached
    _cached = None
    return config()


MERCHANT_TUNABLES = ("fraud_delay", "ack_window", "auto_cancel", "review_delay", "return_delay", "refund_delay",
                     "report_delay", "inventory_put", "strict_204_shipped", "lenient_shipping_methods")


def tunable(merchant, name: str):
    """A progression setting, overridden for one merchant through the control API when set there."""
    controls = getattr(merchant, "controls", None) or {}
    if name in controls:
        return controls[name]
    return getattr(config(), name)
