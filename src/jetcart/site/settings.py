"""Django settings for jetcart, built from the JETCART_* environment (see README)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from jetcart.site.environment import read_environment

ENV = read_environment()
BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = ENV.data_dir

SECRET_KEY = ENV.secret_key
DEBUG = ENV.debug
ALLOWED_HOSTS = ENV.allowed_hosts
CSRF_TRUSTED_ORIGINS = [f"http://{h}" for h in ENV.allowed_hosts if h != "*"]

INSTALLED_APPS = [
    "jetcart.site.apps.JetcartAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "jetcart.connector",
    "jetcart.sandbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

import os  # noqa: E402

JETCART_ROLE = os.environ.get("JETCART_ROLE", "app")
ROOT_URLCONF = "jetcart.site.sandbox_urls" if JETCART_ROLE == "sandbox" else "jetcart.site.urls"
# The sandbox's Jet API under /jet/api/ of the web application: `jetcart demo` (role "demo") or on request only.
JETCART_SANDBOX_MOUNT = JETCART_ROLE == "demo" or os.environ.get("JETCART_SANDBOX_MOUNT", "").strip() == "1"
WSGI_APPLICATION = "jetcart.site.wsgi.application"
APPEND_SLASH = True

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    engine = config["ENGINE"]
    if engine.endswith("sqlite3"):
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    elif engine.endswith("mysql"):
        import pymysql

        pymysql.install_as_MySQLdb()
        config["OPTIONS"] = {"charset": "utf8mb4", "init_command": "SET sql_mode='STRICT_TRANS_TABLES'"}
    return config


DATABASES = {
    "default": _database(ENV.database_url),
    "sandbox": _database(ENV.sandbox_database_url),
}
if JETCART_ROLE == "sandbox":
    # The standalone sandbox answers many small API calls on a few server threads: each thread keeps its SQLite
    # connection instead of opening one per request (about 0.4 ms of a 1 ms GET; docs/sandbox.md).
    for _config in DATABASES.values():
        if _config["ENGINE"].endswith("sqlite3"):
            _config["CONN_MAX_AGE"] = 600
DATABASE_ROUTERS = ["jetcart.site.routers.SandboxRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "admin:login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Jobs: SQLite storage in the data folder, Redis when JETCART_REDIS_URL is set.
if ENV.redis_url:
    from huey import RedisHuey

    HUEY = RedisHuey("jetcart", url=ENV.redis_url, utc=True)
else:
    from huey import SqliteHuey

    HUEY = SqliteHuey("jetcart", filename=str(DATA_DIR / "jobs.sqlite3"), utc=True)

JETCART_STORE_URL = ENV.store_url
JETCART_STORE_PREFIX = ENV.store_prefix
# The storefront's web address (OpenCart keeps it in config.php, not the database): Jet image URLs start here.
JETCART_STORE_WEB_URL = ENV.store_web_url
JETCART_REDIS_URL = ENV.redis_url
JETCART_EXPORT_PROCESSES = ENV.export_processes  # 0: one per CPU

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "jetcart.site.logging.RedactSecrets"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": ENV.log_level},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},  # 4xx answers (e.g. the sandbox's 429s) are not faults of jetcart
        "huey": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
        # One line per Jet request is for debugging; bulk work makes hundreds of thousands of them.
        "jetcart.jet.transport": {"level": "DEBUG" if ENV.log_level == "DEBUG" else "WARNING"},
        "waitress.queue": {"level": "ERROR"},
    },
}
