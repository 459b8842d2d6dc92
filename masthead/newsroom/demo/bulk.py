"""Tops the demo newsroom up to a large number of articles, for load tests and benchmarks.

Wagtail's `add_child` and `save_revision` take tens of milliseconds an article: hours for 100,000.
Here rows are written in batches instead. The tree's materialised paths are computed directly (new
articles continue after their section's last child, and the section's `numchild` grows to match),
`wagtailcore_page` rows are inserted with RETURNING to learn their ids, then the article table's
rows (multi-table inheritance, which `bulk_create` refuses) with those ids, then bylines and tags.
Each batch is one transaction, so the tree is whole after every batch even if a run is stopped.

The articles are the builder's kind (same corpus, same body blocks) and form an archive behind the
base set: published before its oldest story, half an hour apart, so the base stories stay on top.
Two in five also get a Russian edition. No revisions are stored and nothing is indexed for search;
an editor's first save in the admin creates the first revision as usual.

Idempotent: live English articles are topped up to `total`, so running again adds nothing.
"""

import random
import sqlite3
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import F
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone
from tqdm import tqdm
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from ..models import ArticleAuthor, ArticlePage, AuthorPage, NewsTag, SectionPage, TaggedArticle
from . import corpus
from .builder import BASE_ARTICLES, DAYS, EN, RU

BATCH_SIZE = 2000
# Bulk stories are published this far apart, going back in time from the base set's oldest.
MINUTES_APART = 30
# Like the builder's mix, less its Russian-only stories: the English count must come out exact.
TRANSLATED = {2, 4}


def add_bulk_articles(*, total, stdout, batch_size=BATCH_SIZE):
    """Add English articles (and some Russian editions) until `total` English articles are live.

    Returns how many English articles were added.
    """
    plan = BulkPlan.load()
    have = ArticlePage.objects.live().filter(locale=plan.locales[EN]).count()
    wanted = total - have
    if wanted <= 0:
        stdout.write(f"{have} English articles are live already; nothing to add.")
        return 0
    numbers = range(plan.next_number, plan.next_number + wanted)
    progress = tqdm(total=wanted, desc="Bulk articles", unit="article")
    for batch, start in enumerate(range(0, wanted, batch_size)):
        if batch % 10 == 0 and connection.vendor == "postgresql":
            analyze(Page, ArticlePage, ArticleAuthor, TaggedArticle)
        chunk = numbers[start : start + batch_size]
        with transaction.atomic():
            plan.insert(chunk)
        progress.update(len(chunk))
    progress.close()
    # Queries are planned for tables the size they are now, as after any bulk load.
    analyze()
    stdout.write(f"Added {wanted} English articles in bulk ({total} in all).")
    return wanted


def analyze(*models):
    """Refresh the query planner's statistics for the models' tables (all tables if none given).

    After a bulk load the planner's picture is of nearly empty tables. SQLite keeps none until
    ANALYZE runs: with none, the section menu that every page shows was read through the 100,000
    articles of its locale (about 50 ms a request) rather than through the five sections.
    PostgreSQL checks Django's foreign keys at commit, one lookup per new row, with plans that the
    session keeps; planned while the tables were nearly empty (the builder ran on this connection a
    moment ago, and autovacuum may be off), those lookups scan, so each batch costs more than the
    last: a run to 100,000 took ten minutes instead of two and a half. ANALYZE gives the planner the
    real sizes and makes the session plan its checks again, so it also runs every few batches.
    """
    ops = connection.ops
    with connection.cursor() as cursor:
        if not models:
            cursor.execute("ANALYZE")
        for model in models:
            cursor.execute(f"ANALYZE {ops.quote_name(model._meta.db_table)}")


def to_step(number, alphabet=Page.alphabet, steplen=Page.steplen):
    """One step of a treebeard path: `number` in the tree's alphabet, padded to the step length."""
    base = len(alphabet)
    digits = []
    while number:
        number, digit = divmod(number, base)
        digits.append(alphabet[digit])
    step = "".join(reversed(digits)).rjust(steplen, alphabet[0])
    if len(step) > steplen:
        raise CommandError("A section has no room for more children in the page tree.")
    return step


def from_step(step, alphabet=Page.alphabet):
    number = 0
    for char in step:
        number = number * len(alphabet) + alphabet.index(char)
    return number


class Parent:
    """A section receiving children: where its next child goes in the tree and under which URL."""

    def __init__(self, section):
        self.id = section.pk
        self.path = section.path
        self.depth = section.depth + 1
        self.url_path = section.url_path
        last = (
            Page.objects.filter(path__startswith=section.path, depth=self.depth)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        self.last = from_step(last[-Page.steplen :]) if last else 0
        self.added = 0

    def next_path(self):
        self.last += 1
        self.added += 1
        return self.path + to_step(self.last)


class BulkPlan:
    """What new articles point at (locales, sections, authors, tags, pictures) and where they go."""

    @classmethod
    def load(cls):
        plan = cls()
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        if "en" not in locales:
            raise CommandError("Build the base demo first: there is no English locale.")
        plan.locales = [locales["en"], locales.get("ru")]
        plan.content_type_id = ContentType.objects.get_for_model(ArticlePage).pk
        sections = {s.slug: s for s in SectionPage.objects.filter(locale=plan.locales[EN])}
        missing = [slug for slug, *_rest in corpus.SECTIONS if slug not in sections]
        if missing:
            raise CommandError(f"Build the base demo first: sections {', '.join(missing)} are missing.")
        english = [sections[slug] for slug, *_rest in corpus.SECTIONS]
        plan.parents = [[Parent(section), None] for section in english]
        plan.authors = plan.by_language(AuthorPage, [slug for slug, *_rest in corpus.AUTHORS], locale=plan.locales[EN])
        plan.tags = []
        tags = {tag.slug: tag.pk for tag in NewsTag.objects.all()}
        for slug, *_rest in corpus.TAGS:
            plan.tags.append([tags.get(slug), tags.get(f"{slug}-ru")])
        titles = [f"Demo picture {number + 1}" for number in range(12)]
        images = dict(get_image_model().objects.filter(title__in=titles).values_list("title", "pk"))
        plan.images = [images[title] for title in titles if title in images]

        if plan.locales[RU] is not None:
            russian = {s.translation_key: s for s in SectionPage.objects.filter(locale=plan.locales[RU])}
            for pair, section in zip(plan.parents, english, strict=True):
                if section.translation_key in russian:
                    pair[RU] = Parent(russian[section.translation_key])

        stories = ArticlePage.objects.filter(slug__startswith="story-").values_list(
            "slug", "first_published_at", "pk", "locale_id"
        )
        highest, oldest = BASE_ARTICLES, None
        plan.last_article = [None, None]
        for slug, published, pk, locale_id in stories.order_by("pk").iterator(chunk_size=5000):
            number = slug.removeprefix("story-")
            if not number.isdigit():
                continue
            number = int(number)
            highest = max(highest, number)
            if number <= BASE_ARTICLES and published and (oldest is None or published < oldest):
                oldest = published
            lang = EN if locale_id == plan.locales[EN].pk else RU
            plan.last_article[lang] = pk
        # The builder numbers its stories story-1 to story-300 at most; bulk stories carry on from there.
        plan.next_number = highest + 1
        # Bulk stories are the archive behind the base set, so the base stories stay on top.
        now = timezone.now().replace(second=0, microsecond=0)
        plan.anchor = oldest or now - timedelta(days=DAYS)
        return plan

    def by_language(self, model, slugs, *, locale):
        english = {page.slug: page for page in model.objects.filter(locale=locale, slug__in=slugs)}
        rows = [english[slug] for slug in slugs if slug in english]
        if len(rows) != len(slugs):
            raise CommandError(f"Build the base demo first: some {model._meta.verbose_name} pages are missing.")
        russian = {}
        if self.locales[RU] is not None:
            russian = dict(
                model.objects.filter(
                    locale=self.locales[RU], translation_key__in=[p.translation_key for p in rows]
                ).values_list("translation_key", "pk")
            )
        return [[page.pk, russian.get(page.translation_key, page.pk)] for page in rows]

    # --- one batch ---------------------------------------------------------------------------
    def insert(self, numbers):
        stories, pages = [], []
        for number in numbers:
            story = self.story(number)
            translated = story["translated"] and self.parents[story["section"]][RU] is not None
            for lang in (EN, RU) if translated else (EN,):
                stories.append((story, lang))
                pages.append(self.page_row(story, lang))
        ids = insert_rows(Page, pages, returning=True)
        articles, bylines, tagged = [], [], []
        for page_id, (story, lang) in zip(ids, stories, strict=True):
            articles.append(self.article_row(page_id, story, lang))
            self.last_article[lang] = page_id
            bylines.extend(
                {"sort_order": order, "article_id": page_id, "author_id": self.authors[i][lang]}
                for order, i in enumerate(story["authors"])
            )
            tagged.extend(
                {"tag_id": self.tags[i][lang], "content_object_id": page_id}
                for i in story["tags"]
                if self.tags[i][lang] is not None
            )
        insert_rows(ArticlePage, articles)
        insert_rows(ArticleAuthor, bylines)
        insert_rows(TaggedArticle, tagged)
        for pair in self.parents:
            for parent in pair:
                if parent is not None and parent.added:
                    Page.objects.filter(pk=parent.id).update(numchild=F("numchild") + parent.added)
                    parent.added = 0

    def story(self, number):
        """The builder's kind of choices for a story, from a generator seeded with its number."""
        rng = random.Random(number)
        index = number - 1
        minutes = MINUTES_APART * (number - BASE_ARTICLES) + rng.randrange(MINUTES_APART)
        published = self.anchor - timedelta(minutes=minutes)
        return {
            "number": number,
            "published": db_value(Page, "first_published_at", published),
            "key": db_value(Page, "translation_key", uuid.uuid4()),
            "section": index % len(corpus.SECTIONS),
            "authors": rng.sample(range(len(self.authors)), k=1 if index % 5 else 2),
            "tags": rng.sample(range(len(self.tags)), k=rng.randrange(1, 5)),
            "headline": [rng.randrange(len(x)) for x in (corpus.SUBJECTS, corpus.ACTIONS, corpus.TOPICS)],
            "dateline": rng.randrange(len(corpus.DATELINES)),
            "sentences": rng.sample(range(len(corpus.SENTENCES)), k=8),
            "quote": rng.randrange(len(corpus.QUOTES)),
            "heading": rng.randrange(len(corpus.HEADINGS)),
            "image": rng.randrange(len(self.images)) if self.images else None,
            "translated": index % 5 in TRANSLATED,
        }

    def page_row(self, story, lang):
        """A `wagtailcore_page` row's values: live, published, no revision yet; the rest defaults."""
        subject, action, topic = story["headline"]
        topic_text = corpus.TOPICS[topic][lang]
        headline = f"{corpus.SUBJECTS[subject][lang]} {corpus.ACTIONS[action][lang]} " + (
            f"«{topic_text}»" if lang == RU else topic_text
        )
        title = headline[0].upper() + headline[1:]
        slug = f"story-{story['number']}"
        parent = self.parents[story["section"]][lang]
        published = story["published"]
        return {
            "path": parent.next_path(),
            "depth": parent.depth,
            "numchild": 0,
            "translation_key": story["key"],
            "locale_id": self.locales[lang].pk,
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": published,
            "last_published_at": published,
            # The admin's "updated" column and its default order read this one.
            "latest_revision_created_at": published,
            "title": title,
            "draft_title": title,
            "slug": slug,
            "content_type_id": self.content_type_id,
            "url_path": f"{parent.url_path}{slug}/",
        }

    def article_row(self, page_id, story, lang):
        """A `newsroom_articlepage` row's values for the page `page_id`; other fields get defaults."""
        number, image = story["number"], story["image"]
        body = self.body(story, lang)
        # Like the builder, every other story links to the story made just before it.
        related = self.last_article[lang]
        if related is not None and number % 2 == 1:
            body.insert(2, block("related_story", {"article": related, "label": ""}))
        return {
            "page_ptr_id": page_id,
            "lead": " ".join(corpus.SENTENCES[i][lang] for i in story["sentences"][:2]),
            "body": db_value(ArticlePage, "body", body),
            "image_id": self.images[image] if image is not None and number % 7 else None,
            "dateline": corpus.DATELINES[story["dateline"]][lang],
        }

    def body(self, story, lang):
        """Raw stream data in the builder's shapes: paragraphs, quote, heading, maybe a picture."""
        sentences = [corpus.SENTENCES[i][lang] for i in story["sentences"]]
        quote = corpus.QUOTES[story["quote"]]
        number = story["number"]
        blocks = [
            block("paragraph", f"<p>{' '.join(sentences[2:4])}</p>"),
            block(
                "quote",
                {
                    "text": quote[0] if lang == EN else quote[2],
                    "attribution": quote[1] if lang == EN else quote[3],
                    "source_url": "",
                },
            ),
            block("heading", {"text": corpus.HEADINGS[story["heading"]][lang], "level": "h2"}),
            block("paragraph", f"<p>{' '.join(sentences[4:6])}</p>"),
        ]
        if number % 3 == 0 and self.images:
            picture = {
                "image": self.images[(story["image"] + 1) % len(self.images)],
                "caption": corpus.CAPTIONS[number % len(corpus.CAPTIONS)][lang],
                "credit": corpus.AUTHORS[5][1 + lang],
            }
            blocks.append(block("image", picture))
        blocks.append(block("paragraph", f"<p>{' '.join(sentences[6:8])}</p>"))
        return blocks


def block(kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def db_value(model, field_name, value):
    """A value as the database takes it (UUIDs, datetimes and JSON differ between backends)."""
    return model._meta.get_field(field_name).get_db_prep_save(value, connection)


def max_parameters():
    if connection.vendor == "sqlite":
        try:
            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except AttributeError:  # Python before 3.11, or no connection yet
            return connection.features.max_query_params
    return 65535  # PostgreSQL's protocol limit on parameters per statement


class Table:
    """One model's own table: its columns (all but an auto-increment key) and their defaults."""

    def __init__(self, model):
        meta = model._meta
        ops = connection.ops
        fields = [f for f in meta.local_concrete_fields if not isinstance(f, AutoFieldMixin)]
        self.attnames = [f.attname for f in fields]
        self.known = frozenset(self.attnames)
        # Fields the caller leaves out get their model default, as `Model.save()` would give them.
        self.defaults = [f.get_db_prep_save(f.get_default(), connection) for f in fields]
        self.name = ops.quote_name(meta.db_table)
        self.columns = ", ".join(ops.quote_name(f.column) for f in fields)
        self.pk = ops.quote_name(meta.pk.column)

    def values(self, row):
        unknown = row.keys() - self.known
        if unknown:
            raise ValueError(f"{self.name} has no columns {', '.join(sorted(unknown))}")
        return [row[a] if a in row else d for a, d in zip(self.attnames, self.defaults, strict=True)]


def insert_rows(model, rows, *, returning=False):
    """Multi-row INSERTs of `rows` (dicts by attname, values ready for the database).

    With `returning`, gives the new primary keys in row order. Model instances and Django's insert
    compiler would cost more Python time than the database takes to store the rows, so the
    statements are written here (bulk_create relies on the same RETURNING order).
    """
    if not rows:
        return []
    table = Table(model)
    width = len(table.attnames)
    suffix = f" RETURNING {table.pk}" if returning else ""
    per_statement = max(1, min(1000, (max_parameters() - 1) // width))
    placeholder = "(" + ", ".join(["%s"] * width) + ")"
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            sql = f"INSERT INTO {table.name} ({table.columns}) VALUES {', '.join([placeholder] * len(chunk))}{suffix}"
            cursor.execute(sql, [value for row in chunk for value in table.values(row)])
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids
