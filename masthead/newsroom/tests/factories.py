"""Small builders for a newsroom in tests: each makes what a test names and nothing else."""

import io
import itertools
from datetime import UTC, datetime

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from masthead.newsroom.models import (
    ArticleAuthor,
    ArticlePage,
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    InfoPage,
    NewsroomSettings,
    NewsTag,
    SectionPage,
    SiteTexts,
)

_numbers = itertools.count(1)


def locale(code="en"):
    return Locale.objects.get_or_create(language_code=code)[0]


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def home(*, language="en", title="Test City News"):
    """The home page of one language, made the site's root for English."""
    existing = HomePage.objects.filter(locale__language_code=language).first()
    if existing:
        return existing
    # Tests that flush the database (transactional ones) also remove the tree root Wagtail's migrations made.
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale("en")))
    if language != "en":
        english = home()
        page = english.copy_for_translation(locale(language))
        page.title = title
        return publish(page).specific
    root.get_children().filter(slug="home").update(slug="wagtail-welcome")
    page = root.add_child(instance=HomePage(title=title, slug="home", locale=locale("en")))
    publish(page)
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = page
        site.site_name = "Test City News"
        site.hostname, site.port = "testserver", 80
        site.save()
    else:
        Site.objects.create(
            hostname="testserver",
            port=80,
            root_page=page,
            is_default_site=True,
            site_name="Test City News",
        )
    return page


def section(*, title="Policy", slug=None, parent=None, **fields):
    parent = parent or home()
    page = parent.add_child(
        instance=SectionPage(title=title, slug=slug or f"section-{next(_numbers)}", show_in_menus=True, **fields)
    )
    return publish(page)


def author(*, name="Anna Petrova", parent=None, **fields):
    if parent is None:
        parent = AuthorIndexPage.objects.filter(locale=home().locale).first()
        if parent is None:
            parent = publish(home().add_child(instance=AuthorIndexPage(title="Authors", slug="authors")))
    page = parent.add_child(instance=AuthorPage(title=name, slug=f"author-{next(_numbers)}", **fields))
    return publish(page)


def info_page(parent=None, *, title="About us", slug=None, in_menus=True):
    parent = parent or home()
    page = InfoPage(
        title=title,
        slug=slug or f"info-{next(_numbers)}",
        lead=f"{title}: who we are.",
        body=[("paragraph", RichText("<p>Write to newsroom@example.com.</p>"))],
        show_in_menus=in_menus,
    )
    parent.add_child(instance=page)
    return publish(page)


def tag(name, *, kind="topic"):
    return NewsTag.objects.get_or_create(name=name, defaults={"slug": f"tag-{next(_numbers)}", "kind": kind})[0]


def image(*, title="Picture", width=1200, height=800):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), (30, 90, 120)).save(buffer, format="JPEG")
    picture = get_image_model()(title=title, file=ImageFile(buffer, name=f"test-{next(_numbers)}.jpg"))
    picture.save()
    return picture


def article(
    *,
    parent=None,
    title="Council approves the winter budget",
    lead="The city council approved the winter budget after a three-hour debate.",
    body=None,
    authors=(),
    tags=(),
    published_at=None,
    **fields,
):
    """A published article; `published_at` sets its publication time (UTC or aware datetime)."""
    parent = parent or section()
    page = ArticlePage(
        title=title,
        slug=fields.pop("slug", f"article-{next(_numbers)}"),
        lead=lead,
        body=body if body is not None else [("paragraph", RichText("<p>The first paragraph.</p>"))],
        **fields,
    )
    page.article_authors = [ArticleAuthor(author=a, sort_order=order) for order, a in enumerate(authors)]
    page.tags.set(list(tags))
    parent.add_child(instance=page)
    publish(page)
    if published_at is not None:
        ArticlePage.objects.filter(pk=page.pk).update(first_published_at=published_at, last_published_at=published_at)
        page.refresh_from_db()
        # Filed again under its own day: publishing filed it under today's, which is another day shortly after
        # midnight for a story of an hour ago.
        from masthead.audience.services import archive_entry_save

        archive_entry_save(article=page)
    return page


def translate(page, language, **fields):
    """A published edition of `page` in another language (parents must be translated first)."""
    copy = page.copy_for_translation(locale(language))
    for name, value in fields.items():
        setattr(copy, name, value)
    return publish(copy).specific


def site_texts(*, language="en", channels=(), **fields):
    settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    if channels:
        settings.channels = [("channel", dict(channel)) for channel in channels]
        settings.save()
    texts, _created = SiteTexts.objects.update_or_create(site_settings=settings, language=language, defaults=fields)
    return texts


def utc(*args):
    return datetime(*args, tzinfo=UTC)
