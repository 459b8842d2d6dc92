"""A bare Wagtail site with one page holding the text of Masthead's article: the peer that bench/run.py measures.

The site is what `wagtail start` makes, in a venv of its own (`pip install wagtail==8.0.1` with the same Django
and gunicorn versions Masthead runs, so the framework underneath is the same), with three changes: the home
page model gets a lead and a body of paragraphs, headings and quotes, its template shows them, and the settings
turn DEBUG off and set ALLOWED_HOSTS. A second settings module adds Django's per-site cache middleware
(UpdateCacheMiddleware first, FetchFromCacheMiddleware last, LocMemCache, 600 seconds). Both are served by
gunicorn with sync workers and an access log, as `masthead serve` runs.
"""

import json
import secrets
import shutil
import subprocess
from pathlib import Path

WAGTAIL_VERSION = "8.0.1"
PROJECT_NAME = "benchsite"
SETTINGS = {"bare": f"{PROJECT_NAME}.settings.production", "cached": f"{PROJECT_NAME}.settings.cached"}

MODELS = """\
from django.db import models
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page


class HomePage(Page):
    lead = models.TextField(default="", blank=True)
    body = StreamField(
        [("paragraph", blocks.RichTextBlock()), ("heading", blocks.CharBlock()), ("quote", blocks.BlockQuoteBlock())],
        default=list,
        blank=True,
    )
"""

TEMPLATE = """\
{% extends "base.html" %}
{% load wagtailcore_tags %}

{% block body_class %}template-homepage{% endblock %}

{% block content %}
<article>
    <h1>{{ page.title }}</h1>
    <p class="lead">{{ page.lead }}</p>
    {% for block in page.body %}
        {% if block.block_type == "heading" %}<h2>{{ block.value }}</h2>{% else %}{% include_block block %}{% endif %}
    {% endfor %}
</article>
{% endblock content %}
"""

LOCAL_SETTINGS = """\
SECRET_KEY = "{secret}"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
"""

CACHED_SETTINGS = """\
from .production import *  # noqa: F403

MIDDLEWARE = [
    "django.middleware.cache.UpdateCacheMiddleware",
    *MIDDLEWARE,  # noqa: F405
    "django.middleware.cache.FetchFromCacheMiddleware",
]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CACHE_MIDDLEWARE_SECONDS = 600
"""

# Run by `manage.py shell -c` in the site's directory: the page that `wagtail start` made gets the article's text.
FILL_PAGE = """\
import json
from wagtail.rich_text import RichText
from home.models import HomePage

article = json.load(open("article.json"))
page = HomePage.objects.get()
page.title = article["title"]
page.lead = article["lead"]
page.search_description = article["lead"]
page.body = [(kind, RichText(value) if kind == "paragraph" else value) for kind, value in article["body"]]
page.save_revision().publish()
print(page.url)
"""


def ensure_venv(python, venv, django_version, gunicorn_version):
    """Make the venv once; later runs reuse it. Returns the versions installed."""
    venv = Path(venv)
    if not (venv / "bin" / "wagtail").exists() or not (venv / "bin" / "gunicorn").exists():
        print(f"making {venv}: pip install wagtail=={WAGTAIL_VERSION}", flush=True)
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        pins = [f"wagtail=={WAGTAIL_VERSION}", f"django=={django_version}", f"gunicorn=={gunicorn_version}"]
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *pins], check=True)
    code = "import importlib.metadata as m; print(*(m.version(n) for n in ('wagtail', 'Django', 'gunicorn')))"
    done = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, check=True)
    wagtail, django, gunicorn = done.stdout.split()
    return {"peer wagtail": wagtail, "peer Django": django, "peer gunicorn": gunicorn}


def make_site(venv, site, article, log):
    """A fresh `wagtail start` project in `site` whose home page shows `article` (title, lead, body blocks)."""
    venv, site = Path(venv), Path(site)
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    with open(log, "w") as output:

        def run(*command):
            subprocess.run(command, cwd=site, stdout=output, stderr=subprocess.STDOUT, check=True, timeout=600)

        run(str(venv / "bin" / "wagtail"), "start", PROJECT_NAME, str(site))
        (site / "home" / "models.py").write_text(MODELS)
        (site / "home" / "templates" / "home" / "home_page.html").write_text(TEMPLATE)
        settings = site / PROJECT_NAME / "settings"
        (settings / "local.py").write_text(LOCAL_SETTINGS.format(secret=secrets.token_urlsafe(40)))
        (settings / "cached.py").write_text(CACHED_SETTINGS)
        (site / "article.json").write_text(json.dumps(article))
        python = str(venv / "bin" / "python")
        manage = [python, "manage.py"]
        settings_flag = f"--settings={SETTINGS['bare']}"
        run(*manage, "makemigrations", "home", settings_flag)
        run(*manage, "migrate", "--noinput", settings_flag)
        run(*manage, "collectstatic", "--noinput", "-v0", settings_flag)
        run(*manage, "shell", "-c", FILL_PAGE, settings_flag)


def server_command(venv, site, variant, bind, workers):
    """gunicorn for the site; `variant` is "bare" or "cached"."""
    return [
        str(Path(venv) / "bin" / "gunicorn"),
        f"{PROJECT_NAME}.wsgi:application",
        "--chdir",
        str(site),
        "--env",
        f"DJANGO_SETTINGS_MODULE={SETTINGS[variant]}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        bind,
        "--access-logfile",
        "-",
        # gunicorn's control socket is one path in $HOME for every instance unless each server is given its own.
        "--control-socket",
        str(Path(site) / f"gunicorn-{variant}.ctl"),
    ]
