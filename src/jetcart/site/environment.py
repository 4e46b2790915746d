"""Reads jetcart's JETCART_* environment variables into checked values, with embedded defaults."""

from __future__ import annotations

import math
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


class ConfigurationError(Exception):
    """A JETCART_* variable holds a value jetcart cannot use; the message names the variable."""


CONNECTOR_DB_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql", "mysql", "mariadb", "mysql+pymysql"}
STORE_DB_SCHEMES = {"sqlite", "mysql", "mariadb", "mysql+pymysql"}
REDIS_SCHEMES = {"redis", "rediss", "unix"}


@dataclass(frozen=True)
class Environment:
    """Everything jetcart takes from the process environment."""

    data_dir: Path
    database_url: str
    sandbox_database_url: str
    store_url: str
    store_prefix: str
    store_web_url: str
    redis_url: str | None
    secret_key: str
    debug: bool
    allowed_hosts: list[str]
    log_level: str
    export_processes: int = 0
    public_url: str = ""  # e.g. https://jetcart.example.com: the address merchants' browsers use
    proxy_ssl_header: str = ""  # e.g. X-Forwarded-Proto: the proxy's header saying the request came over HTTPS
    allow_http_api: bool = False  # the operator accepts a plain-http Jet API URL in live mode
    capture_seconds: float = 2.0  # between the stock watcher's passes; 0: no watcher

    @property
    def https(self) -> bool:
        """Whether browsers reach jetcart over HTTPS (behind a proxy, or at an https public URL)."""
        return bool(self.proxy_ssl_header) or self.public_url.startswith("https://")

    @property
    def csrf_trusted_origins(self) -> list[str]:
        """Both schemes of every allowed host, and the public URL's origin, for Django's Origin check."""
        origins = []
        for host in self.allowed_hosts:
            if host == "*":
                continue
            pattern = f"*{host}" if host.startswith(".") else host  # ".example.com": any subdomain
            origins += [f"https://{pattern}", f"http://{pattern}"]
        if self.public_url:
            parts = urlsplit(self.public_url)
            origins.insert(0, f"{parts.scheme}://{parts.netloc}")
        return list(dict.fromkeys(origins))
    secret_key_fallbacks: tuple[str, ...] = ()
    role: str = "app"
    sandbox_mount: bool = False
    sandbox_settings: dict[str, str] = field(default_factory=dict)


# JETCART_SANDBOX_* variables that are not the sandbox's tunables (read above or by the server command).
_SANDBOX_PROCESS_VARIABLES = {"JETCART_SANDBOX_DATABASE_URL", "JETCART_SANDBOX_MOUNT", "JETCART_SANDBOX_USER",
                              "JETCART_SANDBOX_SECRET", "JETCART_SANDBOX_NODE"}


# The address this process's server listens on: `jetcart demo` and `jetcart sandbox` set it from --host and --port
# before the settings load (as they set JETCART_ROLE); other commands leave it unset.
LISTEN_URL_VARIABLE = "JETCART_LISTEN_URL"


def listen_url(host: str, port: int) -> str:
    """The address a server bound to `host`:`port` answers at (what `jetcart demo|sandbox` print and serve)."""
    return f"http://{host}:{port}"


_WILDCARD_HOSTS = {"0.0.0.0", "::", "[::]", ""}


def unreachable_public_url(host: str, environ: dict[str, str] | None = None) -> str:
    """Why the sandbox's upload and report URLs would be unusable, or "": bound to every interface (`--host
    0.0.0.0`) without JETCART_SANDBOX_PUBLIC_URL, they would start with the wildcard, which no client can reach."""
    env = os.environ if environ is None else environ
    if host.strip() in _WILDCARD_HOSTS and not (env.get("JETCART_SANDBOX_PUBLIC_URL") or "").strip():
        return (f"the sandbox listens on every interface ({host or 'all'}), so its upload and report URLs would "
                "start with an address no client can reach: set JETCART_SANDBOX_PUBLIC_URL to the address clients "
                "use (e.g. http://sandbox.example.com:8080/api)")
    return ""


def sandbox_settings(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The sandbox's tunables (JETCART_SANDBOX_FAULTS, …_CLOCK_SPEED, …) that are set: settings.py makes them
    Django settings, which `sandbox/config.py` reads (docs/sandbox.md lists them). The sandbox's public address
    (JETCART_SANDBOX_PUBLIC_URL) defaults to the address the process listens on, when it is known."""
    env = os.environ if environ is None else environ
    tunables = {name: value for name, value in env.items()
                if name.startswith("JETCART_SANDBOX_") and name not in _SANDBOX_PROCESS_VARIABLES and value != ""}
    listening = (env.get(LISTEN_URL_VARIABLE) or "").strip()
    if listening and "JETCART_SANDBOX_PUBLIC_URL" not in tunables:
        tunables["JETCART_SANDBOX_PUBLIC_URL"] = listening
    return tunables


def _capture_seconds(env: dict[str, str]) -> float:
    """JETCART_CAPTURE_SECONDS: unset is 2, empty is 0 (no watcher)."""
    value = env.get("JETCART_CAPTURE_SECONDS", "2").strip() or "0"
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds >= 0):
        raise ConfigurationError(f"JETCART_CAPTURE_SECONDS: {value!r} is not a number of seconds (0 = no watcher)")
    return seconds


def debug_requested(environ: dict[str, str] | None = None) -> bool:
    """JETCART_DEBUG: tracebacks instead of one line (read by the settings and, before them, by the command)."""
    env = os.environ if environ is None else environ
    return env.get("JETCART_DEBUG", "").lower() in {"1", "true", "yes"}


@dataclass(frozen=True)
class SandboxMerchant:
    """The sandbox test merchant's keys when given (JETCART_SANDBOX_USER, _SECRET, _NODE); None: generated."""

    user: str | None
    secret: str | None
    fulfillment_node_id: str | None


def sandbox_merchant(environ: dict[str, str] | None = None) -> SandboxMerchant:
    env = os.environ if environ is None else environ
    return SandboxMerchant(user=env.get("JETCART_SANDBOX_USER") or None,
                           secret=env.get("JETCART_SANDBOX_SECRET") or None,
                           fulfillment_node_id=env.get("JETCART_SANDBOX_NODE") or None)


def listen_address(environ: dict[str, str] | None = None) -> tuple[str, int]:
    """`jetcart serve`'s default host and port (JETCART_HOST, JETCART_PORT), read before Django starts."""
    env = os.environ if environ is None else environ
    port = (env.get("JETCART_PORT") or "8000").strip()
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigurationError(f"JETCART_PORT: {port!r} is not a TCP port (1-65535)")
    return env.get("JETCART_HOST") or "127.0.0.1", int(port)


def _check_url(variable: str, value: str, schemes: set[str]) -> str:
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        shown = scheme or "(none)"
        raise ConfigurationError(f"{variable}: unsupported URL scheme {shown!r} in {redact_url(value)!r}; use one of {allowed}")
    if scheme != "sqlite" and scheme != "unix" and not parts.hostname:
        raise ConfigurationError(f"{variable}: no host in {redact_url(value)!r}")
    if scheme == "sqlite" and not parts.path.strip("/") and ":memory:" not in value:
        raise ConfigurationError(f"{variable}: no file path in {value!r} (e.g. sqlite:////var/lib/jetcart/db.sqlite3)")
    return value


def redact_url(url: str) -> str:
    """The URL with any password replaced, for messages and logs."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


# Host names a server answers to by default: only this machine's. The demo and the standalone sandbox
# (JETCART_ROLE=demo or sandbox) answer any: they hold no merchant's data, and some Jet clients hard-code Jet's
# host name in the Host header.
DEFAULT_ALLOWED_HOSTS = "localhost,127.0.0.1,[::1]"
HEADER_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")


def _flag(env: dict[str, str], variable: str) -> bool:
    value = (env.get(variable) or "").strip().lower()
    if value in {"", "0", "false", "no", "off"}:
        return False
    if value in {"1", "true", "yes", "on"}:
        return True
    raise ConfigurationError(f"{variable}: {value!r} is not on or off (use 1 or 0)")


def _public_url(env: dict[str, str]) -> str:
    value = (env.get("JETCART_PUBLIC_URL") or "").strip()
    if not value:
        return ""
    _check_url("JETCART_PUBLIC_URL", value, {"http", "https"})
    parts = urlsplit(value)
    if parts.path.strip("/") or parts.query or parts.username:
        raise ConfigurationError(f"JETCART_PUBLIC_URL: give only the scheme and host, e.g. https://jetcart.example.com "
                                 f"(not {value!r})")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _proxy_ssl_header(env: dict[str, str]) -> str:
    value = (env.get("JETCART_PROXY_SSL_HEADER") or "").strip()
    if value and not set(value) <= HEADER_NAME_CHARS:
        raise ConfigurationError(f"JETCART_PROXY_SSL_HEADER: {value!r} is not a header name (e.g. X-Forwarded-Proto)")
    return value


def _allowed_hosts(env: dict[str, str], public_url: str) -> list[str]:
    default = "*" if env.get("JETCART_ROLE") in ("demo", "sandbox") else DEFAULT_ALLOWED_HOSTS
    hosts = [h.strip() for h in (env.get("JETCART_ALLOWED_HOSTS") or default).split(",") if h.strip()]
    if public_url:
        host = urlsplit(public_url).hostname or ""
        if host and "*" not in hosts and host not in hosts:
            hosts.append(host)
    return hosts


def _secret_key(data_dir: Path, environ: dict[str, str]) -> str:
    given = environ.get("JETCART_SECRET_KEY", "").strip()
    if given:
        return given
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    # Created 0600 from the start: never readable by others, not even for a moment.
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key)
    return key


def _secret_key_fallbacks(environ: dict[str, str]) -> tuple[str, ...]:
    """Earlier secret keys, newest first (JETCART_SECRET_KEY_FALLBACKS, comma-separated): sessions signed and
    the Jet secret encrypted under them stay readable after JETCART_SECRET_KEY is rotated."""
    return tuple(key.strip() for key in environ.get("JETCART_SECRET_KEY_FALLBACKS", "").split(",") if key.strip())
def _private_data_dir(data_dir: Path) -> None:
    """Creates the data folder 0700; an existing jetcart data folder (it holds the secret key) open to others is
    closed, since its files hold the key and the databases."""
    existed = data_dir.is_dir()
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    ours = not existed or (data_dir / "secret_key").exists()
    if ours and data_dir.stat().st_mode & 0o077:
        data_dir.chmod(0o700)


def private_sqlite_file(url: str, data_dir: Path) -> None:
    """Creates a SQLite URL's file 0600 before SQLite does (SQLite gives its -wal and -shm files the database
    file's mode); files of the data folder created earlier world-readable are made 0600."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "sqlite" or ":memory:" in url or not parts.path[1:]:
        return
    path = Path(parts.path[1:])
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        elif path.resolve().parent == data_dir:
            for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                if file.exists() and file.stat().st_mode & 0o077:
                    file.chmod(0o600)
    except OSError:
        return  # SQLite reports an unusable path itself, with its own message


def read_environment(environ: dict[str, str] | None = None) -> Environment:
    """Reads and checks the JETCART_* variables; raises ConfigurationError naming the bad one."""
    env = dict(os.environ if environ is None else environ)
    data_dir = Path(env.get("JETCART_DATA_DIR") or "./var").expanduser().resolve()
    try:
        _private_data_dir(data_dir)
    except OSError as exc:
        raise ConfigurationError(f"JETCART_DATA_DIR: cannot create {data_dir}: {exc.strerror}") from exc
    database_url = _check_url(
        "JETCART_DATABASE_URL",
        env.get("JETCART_DATABASE_URL") or sqlite_url(data_dir / "jetcart.sqlite3"),
        CONNECTOR_DB_SCHEMES,
    )
    sandbox_database_url = _check_url(
        "JETCART_SANDBOX_DATABASE_URL",
        env.get("JETCART_SANDBOX_DATABASE_URL") or sqlite_url(data_dir / "sandbox.sqlite3"),
        CONNECTOR_DB_SCHEMES,
    )
    store_url = _check_url(
        "JETCART_STORE_URL", env.get("JETCART_STORE_URL") or sqlite_url(data_dir / "store.sqlite3"), STORE_DB_SCHEMES
    )
    prefix = env.get("JETCART_STORE_PREFIX", "oc_")
    if not all(ch.isalnum() or ch == "_" for ch in prefix):
        raise ConfigurationError(f"JETCART_STORE_PREFIX: {prefix!r} may hold only letters, digits and '_'")
    store_web_url = (env.get("JETCART_STORE_WEB_URL") or "").strip()
    if store_web_url:
        _check_url("JETCART_STORE_WEB_URL", store_web_url, {"http", "https"})
        store_web_url = store_web_url.rstrip("/") + "/"
    redis_url = env.get("JETCART_REDIS_URL") or None
    if redis_url:
        _check_url("JETCART_REDIS_URL", redis_url, REDIS_SCHEMES)
    jobs_url = None if redis_url else sqlite_url(data_dir / "jobs.sqlite3")
    for url in (database_url, sandbox_database_url, store_url, jobs_url):
        if url:
            private_sqlite_file(url, data_dir)
    log_level = (env.get("JETCART_LOG_LEVEL") or "INFO").upper()
    if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ConfigurationError(f"JETCART_LOG_LEVEL: {log_level!r} is not one of DEBUG, INFO, WARNING, ERROR")
    public_url = _public_url(env)
    hosts = _allowed_hosts(env, public_url)
    processes = (env.get("JETCART_EXPORT_PROCESSES") or "0").strip()
    if not processes.isdigit() or int(processes) > 64:
        raise ConfigurationError(f"JETCART_EXPORT_PROCESSES: {processes!r} is not a number of processes (0-64; "
                                 "0 = one per CPU, 1 = build in the running process)")
    return Environment(
        data_dir=data_dir,
        database_url=database_url,
        sandbox_database_url=sandbox_database_url,
        store_url=store_url,
        store_prefix=prefix,
        store_web_url=store_web_url,
        redis_url=redis_url,
        secret_key=_secret_key(data_dir, env),
        debug=debug_requested(env),
        allowed_hosts=hosts,
        log_level=log_level,
        export_processes=int(processes),
        secret_key_fallbacks=_secret_key_fallbacks(env),
        role=env.get("JETCART_ROLE") or "app",
        sandbox_mount=env.get("JETCART_SANDBOX_MOUNT", "").strip() == "1",
        sandbox_settings=sandbox_settings(env),
        public_url=public_url,
        proxy_ssl_header=_proxy_ssl_header(env),
        allow_http_api=_flag(env, "JETCART_ALLOW_HTTP_API"),
        capture_seconds=_capture_seconds(env),
    )
