"""Masthead's one settings module.

Every deploy-specific value is read from the environment here and nowhere else; `.env.example` lists each
variable with its default. The embedded defaults (SQLite in WAL mode, local-memory cache, a database task
queue, files on disk, a cache in the data directory) need no other service, so one process can run a small newsroom.
"""

import os
import secrets
import zoneinfo
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name, "").strip() or str(default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def prepare_data_dir(path):
    """Create the data directory, or stop start-up with a message that says what to do."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ImproperlyConfigured(
            f"Masthead cannot create its data directory {path}: {error.strerror}. "
            "Set MASTHEAD_DATA_DIR to a directory this user may write to."
        ) from error
    if not os.access(path, os.W_OK | os.X_OK):
        raise ImproperlyConfigured(
            f"Masthead's data directory {path} is not writable by this user. "
            "Fix its permissions or set MASTHEAD_DATA_DIR to another directory."
        )
    return path


def persistent_secret_key(data_dir):
    """Read the secret key kept in the data directory, generating it on first start.

    The key never lives in the repository; a deployment may also pass SECRET_KEY directly.
    """
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


DATA_DIR = prepare_data_dir(Path(env("MASTHEAD_DATA_DIR", Path.cwd() / "var")).resolve())
SECRET_KEY = env("SECRET_KEY") or persistent_secret_key(DATA_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The public address of the site, used in links that leave a request (mails, feeds from tasks).
BASE_URL = env("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# How many reverse proxies of the site's own stand in front of the app (each appends to X-Forwarded-For);
# 0 means readers connect directly and REMOTE_ADDR is their address (see masthead/network.py).
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
if TRUSTED_PROXIES:
    # The scheme the reader used, as the nearest proxy saw it (the shipped nginx config sets X-Forwarded-Proto
    # itself, replacing any a client sent): addresses built from a request, and the CSRF origin check, then say
    # https where the reader used it. Without proxies of our own a client could claim it, so it is not read.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
RATELIMIT_IP_META_KEY = "masthead.network.client_address"
RATELIMIT_VIEW = "masthead.refusals.too_many_requests"
# With the cache away (Redis restarting) the limits count nothing and let requests through, rather than refuse
# every form of the site; the comment policy's own limits count in the database and still hold.
RATELIMIT_FAIL_OPEN = True
WAGTAILADMIN_BASE_URL = BASE_URL

INSTALLED_APPS = [
    "masthead.newsroom",
    "masthead.accounts",
    "masthead.comments",
    "masthead.typos",
    "masthead.audience",
    "masthead.feeds",
    "masthead.newsletter",
    "masthead.channels",
    "masthead.search",
    "masthead.reading_list",
    "masthead.following",
    "masthead.tips",
    "masthead.polls",
    "masthead.imports",
    "masthead.pagecache",
    "masthead.api",
    "allauth",
    "allauth.account",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",  # editors' picks above search results (masthead.search.selectors)
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Anonymous readers' pages from the cache, before anything else runs; first, so that a stored page keeps
    # every header the rest of the stack gives it (masthead.wsgi answers the same pages before Django runs).
    "masthead.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After the page cache, so that stored pages keep the policy; the policy has no nonce for the same reason.
    "csp.middleware.CSPMiddleware",
    # ETag and 304 answers for every other GET (the page cache answers its own pages' conditions).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "masthead.redirects.PageRedirectMiddleware",
    # A form sent more often than its limit: a page that says so (RATELIMIT_VIEW), not a bare 403.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, so that its process_exception is the first asked: a database that does not answer is a 503.
    "masthead.unavailable.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "masthead.urls"
WSGI_APPLICATION = "masthead.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "masthead.newsroom.context_processors.site",
                "masthead.newsroom.context_processors.chrome",
                "masthead.newsroom.context_processors.breaking",
                "masthead.accounts.context_processors.reader",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------------
# SQLite in WAL mode lets readers proceed while one writer commits; IMMEDIATE transactions take the write
# lock up front so two writers queue instead of failing with "database is locked" half-way through.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    except ValueError as error:  # dj-database-url's ParseError and UnknownSchemeError; the password is not repeated
        raise ImproperlyConfigured(
            f"DATABASE_URL cannot be read ({type(error).__name__}); it looks like "
            "postgres://user:password@host:5432/name or sqlite:////path/to/db.sqlite3."
        ) from None
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "masthead.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
            # Opening SQLite and running the PRAGMAs on every request costs more than many requests' work.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "masthead.redis_cache.ForgivingRedisCache",  # Django's, with Redis away read as a miss
            "LOCATION": REDIS_URL,
        },
    }
else:
    # Embedded mode still runs several processes (gunicorn workers and a task worker), and whatever one of
    # them invalidates (the page cache, listing counts, feeds) must be gone for all: a cache in the data
    # directory that every process shares (SQLite files underneath, safe across processes), not per-process
    # memory. A get costs tens of microseconds.
    CACHES = {
        "default": {
            "BACKEND": "masthead.disk_cache.DiskCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"size_limit": env_int("MASTHEAD_CACHE_SIZE_MB", 512) * 1024 * 1024},
        }
    }

# Sessions live in the cache when it is Redis (shared by every app server, no database write per login
# check), backed by the database so a Redis restart logs nobody out; otherwise in the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"

# --- Page cache -------------------------------------------------------------------------------------------
# Anonymous readers' pages are kept rendered (masthead/pagecache) until something they show changes, and at
# most this long, which bounds how far view counts and most-read lists in a cached page can lag.
MASTHEAD_PAGE_CACHE_SECONDS = env_int("MASTHEAD_PAGE_CACHE_SECONDS", 60)
# How often an open article page asks for the comment count to offer new comments (0: never); see comments.js.
MASTHEAD_COMMENT_WATCH_SECONDS = env_int("MASTHEAD_COMMENT_WATCH_SECONDS", 60)
# How often a live story's open page looks for new updates (0: never); see newsroom/live.js.
MASTHEAD_LIVE_POLL_SECONDS = env_int("MASTHEAD_LIVE_POLL_SECONDS", 30)
# Seconds the app servers' clocks may differ; pages begun this soon after a change are rendered again.
MASTHEAD_PAGE_CACHE_CLOCK_SKEW = float(env("MASTHEAD_PAGE_CACHE_CLOCK_SKEW", "1"))
# A caching reverse proxy in front (deploy/nginx/masthead.conf) is told to drop pages that changed. Its
# address, e.g. http://127.0.0.1:8080; unset when there is no proxy.
MASTHEAD_PROXY_PURGE_URL = env("MASTHEAD_PROXY_PURGE_URL", "")
if MASTHEAD_PROXY_PURGE_URL:
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": MASTHEAD_PROXY_PURGE_URL,
        }
    }
    # Page addresses already carry their language (/ru/...): no copies per language to purge.
    WAGTAILFRONTENDCACHE_LANGUAGES = []

# --- Background tasks -------------------------------------------------------------------------------------
# The database queue works on SQLite and PostgreSQL alike, so several `masthead worker` processes can
# share it; `masthead serve` starts one worker beside the web server so nothing else needs to run.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# How often the worker looks for articles whose scheduled publication time has come (seconds).
MASTHEAD_SCHEDULER_INTERVAL = env_int("MASTHEAD_SCHEDULER_INTERVAL", 20)
# Periodic jobs of the apps, run by the worker's scheduler thread: dotted path -> seconds between runs.
MASTHEAD_PERIODIC_JOBS = {
    "masthead.audience.services.flush_view_counts": MASTHEAD_SCHEDULER_INTERVAL,  # the loss bound on a crash
    "masthead.typos.notifications.digest_send": 3600,  # editors get new typo reports at most hourly
    "masthead.channels.services.deliver_due": 20,  # channel posts due, first tries and retries
    "masthead.newsletter.services.send_due": 60,  # digests whose period has ended, and their retries
    "masthead.following.round_ups.send_due": 60,  # readers' daily round-ups of what they follow, in batches
    "masthead.audience.proxy_log.ingest_configured_log": 5,  # views in the proxy's log, when counted there
    "masthead.planner_statistics.refresh_planner_statistics": 3600,  # SQLite's statistics follow the archive's growth
    "masthead.comments.services.forget_old_addresses": 3600,  # MASTHEAD_ADDRESS_RETENTION_DAYS
    "masthead.typos.services.forget_old_addresses": 3600,
    "masthead.tips.services.forget_old_addresses": 3600,
    "masthead.accounts.services.delete_due_accounts": 300,  # MASTHEAD_ACCOUNT_DELETION_HOURS
}
# Hours between a reader asking to delete their account and its deletion, during which they may keep it (a mail
# tells them); 0 deletes at once.
MASTHEAD_ACCOUNT_DELETION_HOURS = env_int("MASTHEAD_ACCOUNT_DELETION_HOURS", 24)
if MASTHEAD_ACCOUNT_DELETION_HOURS < 0:
    raise ImproperlyConfigured("MASTHEAD_ACCOUNT_DELETION_HOURS must be 0 (at once) or more.")
# Days the salted hashes of readers' addresses are kept with their comments, typo reports and tips: long enough for
# rate limits, flood checks and banning an address from the queue, which look back hours, not months.
MASTHEAD_ADDRESS_RETENTION_DAYS = env_int("MASTHEAD_ADDRESS_RETENTION_DAYS", 30)
if MASTHEAD_ADDRESS_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("MASTHEAD_ADDRESS_RETENTION_DAYS must be at least 1 (a day of rate limits).")
# Count anonymous readers' views from the caching proxy's log (masthead/audience/proxy_log.py) instead of a
# beacon request per view; the path of that log on the machine where a worker runs.
MASTHEAD_AUDIENCE_PROXY_LOG = env("MASTHEAD_AUDIENCE_PROXY_LOG", "")

# --- Languages and time ------------------------------------------------------------------------------------
LANGUAGE_CODE = env("LANGUAGE_CODE", "en")
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "UTC")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE {TIME_ZONE!r} is not a time zone name such as Europe/Moscow.") from None
USE_I18N = True
USE_TZ = True
# The newsroom schedules in one clock: the admin shows and takes times in the site's zone, which the article
# editor names; a personal zone would make "publish at 9:00" mean different times for two editors.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]

# --- Static and media files ------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", DATA_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Files readers send with tips: outside MEDIA_ROOT, so no address on the site serves them; editors download
    # them through the admin. Several app servers share it as they share the data directory, or see below.
    "tips": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "private" / "tips"), "base_url": None},
    },
}

# Media on object storage, for several app servers: uploads and image renditions go to an S3-compatible bucket (AWS
# S3, MinIO, Ceph, R2...) through django-storages (`pip install "masthead[s3]"`), and readers fetch them from it.
MEDIA_BUCKET = env("MEDIA_BUCKET", "")
MEDIA_ORIGIN = ""  # where media come from when it is not this site
if MEDIA_BUCKET:
    from urllib.parse import urlsplit

    try:
        import storages  # noqa: F401
    except ImportError:
        raise ImproperlyConfigured(
            'MEDIA_BUCKET needs the S3 storage, which is not installed: pip install "masthead[s3]".'
        ) from None

    MEDIA_ENDPOINT_URL = env("MEDIA_ENDPOINT_URL", "")  # empty: AWS itself
    MEDIA_REGION = env("MEDIA_REGION", "us-east-1")
    # Where readers' browsers fetch media: a CDN in front of the bucket, or the bucket's own address. Built by string
    # formatting, so a page with twenty pictures signs nothing and every reader (and cache) sees the same address.
    MEDIA_PUBLIC_URL = env(
        "MEDIA_PUBLIC_URL",
        f"{MEDIA_ENDPOINT_URL.rstrip('/')}/{MEDIA_BUCKET}"
        if MEDIA_ENDPOINT_URL
        else f"https://{MEDIA_BUCKET}.s3.{MEDIA_REGION}.amazonaws.com",
    ).rstrip("/")
    _public = urlsplit(MEDIA_PUBLIC_URL)
    if _public.scheme not in {"http", "https"} or not _public.netloc:
        raise ImproperlyConfigured(f"MEDIA_PUBLIC_URL must be an http(s) address, not {MEDIA_PUBLIC_URL!r}.")
    MEDIA_URL = MEDIA_PUBLIC_URL + "/"
    MEDIA_ORIGIN = f"{_public.scheme}://{_public.netloc}"
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": MEDIA_ENDPOINT_URL or None,
            "region_name": MEDIA_REGION,
            # Empty: boto3's own chain (environment, instance role, ~/.aws).
            "access_key": env("MEDIA_ACCESS_KEY_ID", "") or None,
            "secret_key": env("MEDIA_SECRET_ACCESS_KEY", "") or None,
            "custom_domain": _public.netloc + _public.path,
            "url_protocol": _public.scheme + ":",
            "querystring_auth": False,
            # A new upload under a taken name gets a new name, so an address, once published, always means one file
            # and may be cached for good.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    # Tip files in the same bucket under a private prefix: never public, read only through the admin's download.
    STORAGES["tips"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **{key: STORAGES["default"]["OPTIONS"][key] for key in ("bucket_name", "endpoint_url", "region_name")},
            "access_key": STORAGES["default"]["OPTIONS"]["access_key"],
            "secret_key": STORAGES["default"]["OPTIONS"]["secret_key"],
            "location": env("MEDIA_TIPS_PREFIX", "private/tips"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# --- Mail ----------------------------------------------------------------------------------------------------
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ------------------------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Readers' pages may run only the site's own scripts: an injected <script>, event handler or javascript: link
# would not run even if it got past the escaping (comments, names and imported HTML are escaped or cleaned
# first; this is the second wall). No nonce, so a page can be stored and served to every reader. Pictures may
# come from anywhere (imported stories keep old addresses); embedded players come in frames over HTTPS; the
# responsive embeds' aspect ratio is a style attribute. The admin is Wagtail's, which needs inline scripts.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        # Media on object storage served over plain http (a bucket on the local network) must be named.
        "img-src": ["'self'", "data:", "https:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "frame-src": ["https:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Reader accounts (django-allauth) -------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_SIGNUP_FORM_CLASS = "masthead.accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "masthead.accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "masthead.accounts.adapter.user_display"
ACCOUNT_FORMS = {"login": "masthead.accounts.forms.LoginForm"}
WAGTAILADMIN_USER_LOGIN_FORM = "masthead.accounts.admin_login.AdminLoginForm"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# allauth throttles logins, sign-ups and password resets per address and per account through the cache.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key", "signup": "20/h/ip", "reset_password": "20/m/ip,5/m/key"}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"

# --- Wagtail ------------------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env("SITE_NAME", "Masthead")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_IMAGE_FORM_BASE = "masthead.newsroom.image_form.NewsroomImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Editors' avatars are Wagtail's own picture, not Gravatar's: an admin page would otherwise send a hash of every
# editor's email address to a third party (and show a broken image where it cannot be reached).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# A tag typed in another case ("transport" when "Transport" exists) is that tag, not a second one at
# /tags/transport_1/ that splits the topic's page. django-taggit reads this for every tag model, NewsTag too.
TAGGIT_CASE_INSENSITIVE = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Reader tips: files per tip and megabytes per file; tips one address may send in an hour; who is mailed a link
# to each new tip (comma-separated addresses; none: nobody, editors look in the admin).
MASTHEAD_TIPS_MAX_FILES = env_int("MASTHEAD_TIPS_MAX_FILES", 5)
MASTHEAD_TIPS_MAX_FILE_MB = env_int("MASTHEAD_TIPS_MAX_FILE_MB", 20)
MASTHEAD_TIPS_PER_HOUR = env_int("MASTHEAD_TIPS_PER_HOUR", 5)
# Messages a tip's sender may write in its conversation in an hour.
MASTHEAD_TIPS_MESSAGES_PER_HOUR = env_int("MASTHEAD_TIPS_MESSAGES_PER_HOUR", 10)
MASTHEAD_TIPS_NOTIFY = [address.strip() for address in env("MASTHEAD_TIPS_NOTIFY", "").split(",") if address.strip()]

# Listing pages show this many articles a page.
MASTHEAD_PAGE_SIZE = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Wagtail logs every page action at INFO; the audit log in the admin already keeps them.
    # Task runs are logged at INFO for every search-index update; failures still show at WARNING and above.
    "loggers": {"wagtail": {"level": "WARNING"}, "django_tasks": {"level": "WARNING"}},
}
