"""Django settings for jetcart, built from the JETCART_* environment (see README)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url

from jetcart.site.environment import read_environment

ENV = read_environment()
BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = ENV.data_dir

SECRET_KEY = ENV.secret_key
SECRET_KEY_FALLBACKS = list(ENV.secret_key_fallbacks)
DEBUG = ENV.debug
ALLOWED_HOSTS = ENV.allowed_hosts
CSRF_TRUSTED_ORIGINS = ENV.csrf_trusted_origins

# Served over HTTPS (behind a proxy saying so in a header, or at an https public URL): secure cookies and HSTS.
if ENV.proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + ENV.proxy_ssl_header.upper().replace("-", "_"), "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = ENV.https
SECURE_HSTS_SECONDS = 31_536_000 if ENV.https else 0  # sent only on HTTPS answers (SecurityMiddleware)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

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
    "axes",
]

# Headers every answer carries (security headers, static files, CSP, frame options), then what pages need.
_ANSWER_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jetcart.site.security.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
_PAGE_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into its 429 answer
]

JETCART_ROLE = ENV.role
# The standalone sandbox: a Jet API call leaves the stack once the headers every answer carries are in place,
# before the page middleware only its portal pages need (jetcart.sandbox.transport.api_first).
_API_FIRST = ["jetcart.sandbox.transport.api_first.ApiCallsFirst"] if JETCART_ROLE == "sandbox" else []
MIDDLEWARE = _ANSWER_MIDDLEWARE + _API_FIRST + _PAGE_MIDDLEWARE
ROOT_URLCONF = "jetcart.site.sandbox_urls" if JETCART_ROLE == "sandbox" else "jetcart.site.urls"
# The sandbox's Jet API under /jet/api/ of the web application: `jetcart demo` (role "demo") or on request only.
JETCART_SANDBOX_MOUNT = JETCART_ROLE == "demo" or ENV.sandbox_mount
# The sandbox's tunables (JETCART_SANDBOX_FAULTS, …) that are set, as settings of the same names.
globals().update(ENV.sandbox_settings)
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
    if url.lower().startswith("mysql+pymysql://"):  # SQLAlchemy's spelling, accepted by environment.py too
        url = "mysql://" + url[len("mysql+pymysql://"):]
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

# Login throttling (django-axes): 5 wrong passwords for a user name lock that name out for 15 minutes (429);
# a right password resets the count. `jetcart axes_reset_username NAME` (or axes_reset) lifts a lockout at once.
# Locking by name, not address: behind a proxy every merchant would share the proxy's address.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# axes.W006 asks for the address as well, against attackers rotating browsers or cookies; a name's count does not
# depend on either, and the address would be the proxy's (see above).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

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
JETCART_CAPTURE_SECONDS = ENV.capture_seconds  # the stock watcher's pass interval; 0: no watcher
JETCART_ALLOW_HTTP_API = ENV.allow_http_api  # a plain-http Jet API URL in live mode, on the operator's word

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
