"""The sandbox's settings: Django settings named JETCART_SANDBOX_* (settings.py makes each such environment
variable one; `site/environment.py` is the one reader of the environment)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


def _raw(name: str) -> str | None:
    value = getattr(settings, name, None)
    return None if value is None or value == "" else str(value)


class SettingsError(ValueError):
    """One or more JETCART_SANDBOX_* settings are unusable; `problems` names each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


_YEAR_SECONDS = 365 * 24 * 3600


class _Reader:
    """Reads every setting, collecting each unusable one instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def flag(self, name: str, default: bool) -> bool:
        value = _raw(name)
        if value is None:
            return default
        word = value.strip().lower()
        if word not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
            self.problems.append(f"{name}={value!r} is not 1/0, true/false, yes/no or on/off")
        return word in {"1", "true", "yes", "on"}

    def number(self, name: str, default: float, *, minimum: float = 0, maximum: float = _YEAR_SECONDS,
               above_minimum: bool = False) -> float:
        value = _raw(name)
        if value is None:
            return default
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        low_ok = number > minimum if above_minimum else number >= minimum
        if not (math.isfinite(number) and low_ok and number <= maximum):
            bound = "above" if above_minimum else "from"
            self.problems.append(f"{name}={value!r} is not a number {bound} {minimum:g} to {maximum:g}")
            return default
        return number

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = (_raw(name) or default).strip().lower()
        if value not in choices:
            self.problems.append(f"{name}={_raw(name)!r} is not one of {', '.join(choices)}")
            return default
        return value

    def faults(self, name: str) -> str:
        from jetcart.sandbox.transport.faults import parse_faults

        value = _raw(name) or ""
        try:
            parse_faults(value)
        except ValueError as exc:
            self.problems.append(f"{name}={value!r}: {exc}")
            return ""
        return value

    def public_url(self, name: str) -> str | None:
        value = _raw(name)
        if value is None:
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            self.problems.append(f"{name}={value!r} is not an absolute http(s) address such as http://host:8080")
            return None
        return value.strip().rstrip("/")


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
    node_path: str
    public_url: str | None


def load_config() -> SandboxConfig:
    """Every setting, checked; raises SettingsError naming each unusable one."""
    read = _Reader()
    loaded = SandboxConfig(
        control_api=read.flag("JETCART_SANDBOX_CONTROL", False),
        token_hours=read.number("JETCART_SANDBOX_TOKEN_HOURS", 10, maximum=24 * 365, above_minimum=True),
        clock_speed=read.number("JETCART_SANDBOX_CLOCK_SPEED", 1, maximum=1_000_000, above_minimum=True),
        fraud_delay=read.number("JETCART_SANDBOX_FRAUD_DELAY", 1800),
        ack_window=read.number("JETCART_SANDBOX_ACK_WINDOW", 900),
        auto_cancel=read.flag("JETCART_SANDBOX_AUTO_CANCEL", True),
        review_delay=read.number("JETCART_SANDBOX_REVIEW_DELAY", 120),
        return_delay=read.number("JETCART_SANDBOX_RETURN_DELAY", 300),
        refund_delay=read.number("JETCART_SANDBOX_REFUND_DELAY", 300),
        report_delay=read.number("JETCART_SANDBOX_REPORT_DELAY", 60),
        upload_url_seconds=int(read.number("JETCART_SANDBOX_UPLOAD_URL_SECONDS", 1800, minimum=1)),
        inventory_put=read.choice("JETCART_SANDBOX_INVENTORY_PUT", "replace", ("replace", "reject")),
        strict_204_shipped=read.flag("JETCART_SANDBOX_STRICT_204", False),
        lenient_shipping_methods=read.flag("JETCART_SANDBOX_LENIENT_METHODS", False),
        rate_limit=read.number("JETCART_SANDBOX_RATE_LIMIT", 200, maximum=1_000_000),
        rate_burst=read.number("JETCART_SANDBOX_RATE_BURST", 400, maximum=1_000_000),
        faults=read.faults("JETCART_SANDBOX_FAULTS"),
        fault_seed=_raw("JETCART_SANDBOX_FAULT_SEED"),
        slow_seconds=read.number("JETCART_SANDBOX_SLOW_SECONDS", 3, maximum=3600),
        max_file_mb=read.number("JETCART_SANDBOX_MAX_FILE_MB", 512, maximum=1_000_000, above_minimum=True),
        file_processing=read.choice("JETCART_SANDBOX_FILE_PROCESSING", "thread", ("thread", "inline")),
        node_path=read.choice("JETCART_SANDBOX_NODE_PATH", "root-first", ("root-first", "leaf-first")),
        public_url=read.public_url("JETCART_SANDBOX_PUBLIC_URL"),
    )
    if read.problems:
        raise SettingsError(read.problems)
    return loaded


def settings_problems() -> list[str]:
    """Each unusable sandbox setting, named (empty when all can be used): checked when a server starts."""
    try:
        reload_config()
    except SettingsError as exc:
        return exc.problems
    return []


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
