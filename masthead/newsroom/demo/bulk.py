"""Tops the demo newsroom up to a large number of articles, for load tests and benchmarks.

Wagtail's `add_child` and `save_revision` take tens of milliseconds an article, hours for 100,000. Here
the rows are inserted in batches instead: the tree's materialised paths are computed directly (each new
article continues after its section's last child), `wagtailcore_page` rows are bulk-created, and the
article table's rows (multi-table inheritance, which `bulk_create` refuses) are inserted with the
pages' ids. Bylines and tags follow, each batch in one transaction, so the tree is whole after every
batch even if the run is interrupted.

The articles are the builder's kind (same corpus, same body blocks) but form an archive: they are
published before the oldest base article, half an hour apart, newest first. Two in five also get a
Russian edition. Nothing is indexed for search and no revisions are stored; an editor's first save in
the admin creates the first revision as usual.

Idempotent: the English live article count is topped up to `total`; running again adds nothing.
"""

import random
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from tqdm import tqdm
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from ..models import ArticleAuthor, ArticlePage, AuthorPage, NewsTag, SectionPage, TaggedArticle
from . import corpus
from .builder import BASE_ARTICLES, DAYS, EN, RU

BATCH_SIZE = 2000
# The builder numbers its stories story-1 to story-300; bulk stories carry on from story-301.
FIRST_NUMBER = BASE_ARTICLES + 1
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
    for start in range(0, wanted, batch_size):
        chunk = numbers[start : start + batch_size]
        with transaction.atomic():
            plan.insert(chunk)
        progress.update(len(chunk))
    progress.close()
    stdout.write(f"Added {wanted} English articles in bulk ({total} in all).")
    return wanted


def to_step(number, alphabet=Page.alphabet, steplen=Page.steplen):
    """One step of a treebeard path: `number` in the tree's alphabet, zero-padded to the step length."""
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
    """What the new articles point at (locales, sections, authors, tags, pictures) and where they go."""

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
        plan.authors = plan.by_language(
            AuthorPage, [slug for slug, *_rest in corpus.AUTHORS], locale=plan.locales[EN]
        )
        plan.tags = []
        tags = {tag.slug: tag.pk for tag in NewsTag.objects.all()}
        for slug, *_rest in corpus.TAGS:
            plan.tags.append([tags.get(slug), tags.get(f"{slug}-ru")])
        titles = [f"Demo picture {number + 1}" for number in range(12)]
        images = dict(get_image_model().objects.filter(title__in=titles).values_list("title", "pk"))
        plan.images = [images[title] for title in titles if title in images]

        if plan.locales[RU] is not None:
            russian = {
                s.translation_key: s for s in SectionPage.objects.filter(locale=plan.locales[RU])
            }
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
        plan.next_number = highest + 1
        # Bulk stories are the archive behind the base set, so its newest stories stay on top.
        plan.anchor = oldest or timezone.now().replace(second=0, microsecond=0) - timedelta(days=DAYS)
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

    # --- one batch ---------------------------------------------------------------------------------------------
    def insert(self, numbers):
        stories = [self.story(number) for number in numbers]
        pages, articles = [], []
        for story in stories:
            languages = (EN, RU) if story["translated"] and self.parents[story["section"]][RU] else (EN,)
            key = uuid.uuid4()
            for lang in languages:
                page, article = self.page_rows(story, lang, key)
                pages.append(page)
                articles.append(article)
        Page.objects.bulk_create(pages)
        bylines, tagged = [], []
        for page, article in zip(pages, articles, strict=True):
            article.page_ptr_id = page.pk
            story, lang = article.story, article.lang
            # Like the builder, every other story links to the story made just before it.
            related = self.last_article[lang]
            if related is not None and story["number"] % 2 == 1:
                teaser = {"type": "related_story", "value": {"article": related, "label": ""}}
                article.body.insert(2, {**teaser, "id": str(uuid.uuid4())})
            self.last_article[lang] = page.pk
            bylines.extend(
                ArticleAuthor(article_id=page.pk, author_id=self.authors[i][lang], sort_order=order)
                for order, i in enumerate(story["authors"])
            )
            tagged.extend(
                TaggedArticle(content_object_id=page.pk, tag_id=self.tags[i][lang])
                for i in story["tags"]
                if self.tags[i][lang] is not None
            )
        self.insert_articles(articles)
        ArticleAuthor.objects.bulk_create(bylines, batch_size=1000)
        TaggedArticle.objects.bulk_create(tagged, batch_size=1000)
        for pair in self.parents:
            for parent in pair:
                if parent is not None and parent.added:
                    Page.objects.filter(pk=parent.id).update(numchild=F("numchild") + parent.added)
                    parent.added = 0

    def story(self, number):
        """The same choices the builder makes for a story, from a generator seeded with its number."""
        rng = random.Random(number)
        index = number - 1
        step = number - BASE_ARTICLES
        return {
            "number": number,
            "rng": rng,
            "published": self.anchor - timedelta(minutes=MINUTES_APART * step + rng.randrange(MINUTES_APART)),
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

    def page_rows(self, story, lang, key):
        subject, action, topic = story["headline"]
        words = f"{corpus.SUBJECTS[subject][lang]} {corpus.ACTIONS[action][lang]} "
        topic_text = corpus.TOPICS[topic][lang]
        headline = words + (f"«{topic_text}»" if lang == RU else topic_text)
        title = headline[0].upper() + headline[1:]
        slug = f"story-{story['number']}"
        parent = self.parents[story["section"]][lang]
        published = story["published"]
        page = Page(
            path=parent.next_path(),
            depth=parent.depth,
            numchild=0,
            translation_key=key,
            locale_id=self.locales[lang].pk,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            latest_revision_created_at=published,
            title=title,
            draft_title=title,
            slug=slug,
            content_type_id=self.content_type_id,
            url_path=f"{parent.url_path}{slug}/",
            show_in_menus=False,
        )
        number = story["number"]
        image = story["image"]
        article = ArticleRow(
            lead=" ".join(corpus.SENTENCES[i][lang] for i in story["sentences"][:2]),
            body=self.body(story, lang),
            image_id=self.images[image] if image is not None and number % 7 else None,
            dateline=corpus.DATELINES[story["dateline"]][lang],
        )
        article.story, article.lang = story, lang
        return page, article

    def body(self, story, lang):
        """Raw stream data in the builder's shapes: paragraphs, a quote, a heading, maybe a picture."""
        sentences = [corpus.SENTENCES[i][lang] for i in story["sentences"]]
        quote = corpus.QUOTES[story["quote"]]
        number = story["number"]
        blocks = [
            ("paragraph", f"<p>{' '.join(sentences[2:4])}</p>"),
            (
                "quote",
                {
                    "text": quote[0] if lang == EN else quote[2],
                    "attribution": quote[1] if lang == EN else quote[3],
                    "source_url": "",
                },
            ),
            ("heading", {"text": corpus.HEADINGS[story["heading"]][lang], "level": "h2"}),
            ("paragraph", f"<p>{' '.join(sentences[4:6])}</p>"),
        ]
        if number % 3 == 0 and self.images:
            caption = corpus.CAPTIONS[number % len(corpus.CAPTIONS)][lang]
            image = self.images[((story["image"] or 0) + 1) % len(self.images)]
            credit = corpus.AUTHORS[5][1 + lang]
            blocks.append(("image", {"image": image, "caption": caption, "credit": credit}))
        blocks.append(("paragraph", f"<p>{' '.join(sentences[6:8])}</p>"))
        return [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in blocks]

    def insert_articles(self, articles):
        """The article table's own rows, keyed by their pages' ids: `bulk_create` refuses child models."""
        fields = ArticlePage._meta.local_concrete_fields
        size = max(1, connection.ops.bulk_batch_size(fields, articles))
        for start in range(0, len(articles), size):
            ArticlePage._base_manager._insert(articles[start : start + size], fields=fields, raw=True)


class ArticleRow:
    """The values of one `newsroom_articlepage` row; `_insert(raw=True)` reads them by attribute name."""

    view_count = 0
    page_ptr_id = None

    def __init__(self, **values):
        self.__dict__.update(values)
