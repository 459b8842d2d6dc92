"""Builds the demo newsroom through Wagtail's own page API, so the result is what editors would make.

Idempotent: every object is looked up by its slug before it is created, so running it twice changes nothing.
"""

import io
import random
from datetime import timedelta

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from PIL import Image as PillowImage
from PIL import ImageDraw
from tqdm import tqdm
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from masthead.polls import services as services_polls
from masthead.polls.models import Poll, PollOption

from ..addresses import site_host_and_port
from ..fact_checks import fact_checks_rebuild
from ..models import (
    ArticleAuthor,
    ArticlePage,
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    HomeTopStory,
    InfoPage,
    NewsroomSettings,
    NewsTag,
    SectionPage,
    Series,
    SiteTexts,
    Sponsor,
)
from ..sponsorship import SPONSORED, SUPPORTED
from . import corpus

EN, RU = 0, 1
BASE_ARTICLES = 300
DAYS = 120
# Story numbers told live (the third newest, both editions) and told live until it ended (the fifth).
LIVE_STORIES = {2: "live", 4: "ended"}
# The stories of the demo's series (English only), its parts 1 to 3 being the oldest first.
SERIES_STORIES = {10, 6, 5}
# The story a poll is placed in (the second newest, English only).
POLL_STORY = 1
# The stories that check a claim made at the meeting they report, in both editions, as live coverage of a debate
# often does: the live one finds it mostly false, the ended one true.
FACT_CHECK_STORIES = {2: "mostly_false", 4: "true"}
RUSSIAN_DISCLOSURE = (
    "Рекламодатель: кооператив «Риверсайд Энерджи», ОГРН 1027700132195.\nИдентификатор рекламы (erid): 2VtzqxMdYpQ"
)
# Story numbers the demo sponsor paid for (advertising) and supports (its own journalism, funded).
SPONSORED_STORIES = {7: SPONSORED, 9: SUPPORTED}
PALETTE = [
    (34, 87, 122),
    (56, 163, 165),
    (87, 204, 153),
    (128, 237, 153),
    (199, 249, 204),
    (180, 70, 60),
    (230, 160, 60),
    (90, 60, 140),
    (40, 40, 60),
    (200, 200, 190),
]


def pick(rng, items):
    return items[rng.randrange(len(items))]


class DemoBuilder:
    def __init__(self, *, stdout, seed=2022, articles=BASE_ARTICLES):
        self.stdout = stdout
        self.rng = random.Random(seed)
        self.article_count = articles
        self.now = timezone.now().replace(second=0, microsecond=0)

    # --- the whole run ---------------------------------------------------------------------------------------
    def build(self):
        self.locales = self.ensure_locales()
        with transaction.atomic():
            self.homes = self.ensure_homes()
            self.images = self.ensure_images()
            self.sections = self.ensure_sections()
            self.authors = self.ensure_authors()
            self.ensure_info_pages()
            self.tags = self.ensure_tags()
            self.ensure_settings()
            self.sponsor = self.ensure_sponsor()
            self.polls = self.ensure_polls()
            self.series = self.ensure_series()
        self.ensure_articles()
        if self.article_count:  # `--articles 0`: the site's frame (sections, authors, settings), no stories to discuss
            self.ensure_top_stories()
            self.ensure_comments()
            self.ensure_moderation_work()
            self.ensure_newsroom_voice()
            self.ensure_likes()
            self.ensure_poll_votes()
            self.ensure_views()
        # Stories are back-dated with plain updates, which Wagtail's publish signal never sees.
        call_command("audience_rebuild_archive", verbosity=0)
        fact_checks_rebuild()
        self.ensure_newsletter_issues()

    def ensure_newsletter_issues(self):
        """Each edition's last daily and weekly digest, as gone out (to nobody: the demo has no subscribers), so the
        newsletter's past issues have something to show."""
        from masthead.newsletter import delivery, services
        from masthead.newsletter.models import Digest

        for locale in self.locales:
            for kind in ("daily", "weekly"):
                digest, _created = services.digest_prepare(kind=kind, language=locale.language_code, now=self.now)
                if digest.status == Digest.Status.SENDING:
                    delivery.finish_if_done(digest=digest, now=self.now)

    def ensure_locales(self):
        return [Locale.objects.get_or_create(language_code=code)[0] for code in ("en", "ru")]

    # --- the tree's top ----------------------------------------------------------------------------------------
    def ensure_homes(self):
        site = Site.objects.filter(is_default_site=True).first()
        home = HomePage.objects.filter(locale=self.locales[EN]).first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's "Welcome" page holds the slug "home"; it is replaced below.
            root.get_children().filter(slug="home").update(slug="wagtail-welcome")
            home = root.add_child(
                instance=HomePage(
                    title="Masthead Courier",
                    slug="home",
                    locale=self.locales[EN],
                    description="News of a fictional city, made to show what Masthead can publish.",
                )
            )
            home.save_revision().publish()
            # The site's address is where it is served, so canonical links and feeds point there.
            hostname, port = site_host_and_port(settings.BASE_URL)
            if site is None:
                site = Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True)
            else:
                old_root = site.root_page
                site.root_page = home
                site.hostname, site.port = hostname, port
                site.save()
                if old_root.specific_class is Page and old_root.depth == 2:
                    old_root.delete()  # Wagtail's "Welcome" page, not a newsroom page.
        if not site.site_name:
            site.site_name = "Masthead Courier"
            site.save()
        home_ru = self.translation(
            home,
            RU,
            title="Новости города Мастхед",
            description="Новости вымышленного города: показываем, что умеет Masthead.",
        )
        return [home, home_ru]

    def translation(self, page, lang, **fields):
        """The page's edition in a language, created and published once, with its fields translated."""
        locale = self.locales[lang]
        existing = page.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        copy = page.copy_for_translation(locale, copy_parents=False)
        for name, value in fields.items():
            setattr(copy, name, value)
        copy.save_revision().publish()
        return copy.specific

    def ensure_sections(self):
        sections = []
        for slug, title_en, title_ru, text_en, text_ru in corpus.SECTIONS:
            section = SectionPage.objects.filter(locale=self.locales[EN], slug=slug).first()
            if section is None:
                section = self.homes[EN].add_child(
                    instance=SectionPage(title=title_en, slug=slug, description=text_en, show_in_menus=True)
                )
                section.save_revision().publish()
            sections.append([section, self.translation(section, RU, title=title_ru, description=text_ru)])
        return sections

    def ensure_authors(self):
        index = AuthorIndexPage.objects.filter(locale=self.locales[EN]).first()
        if index is None:
            index = self.homes[EN].add_child(instance=AuthorIndexPage(title="Authors", slug="authors"))
            index.save_revision().publish()
        self.translation(index, RU, title="Авторы")
        column = self.sections[-1]
        authors = []
        for number, (slug, name_en, name_ru, job_en, job_ru, writes_column) in enumerate(corpus.AUTHORS):
            author = AuthorPage.objects.filter(locale=self.locales[EN], slug=slug).first()
            if author is None:
                author = index.add_child(
                    instance=AuthorPage(
                        title=name_en,
                        slug=slug,
                        job_title=job_en,
                        bio=f"<p>{name_en} {corpus.BIOS[EN][0].lower()}{corpus.BIOS[EN][1:]}</p>",
                        portrait=self.portrait(number, name_en),
                        column=column[EN] if writes_column else None,
                    )
                )
                author.save_revision().publish()
            author_ru = self.translation(
                author,
                RU,
                title=name_ru,
                job_title=job_ru,
                bio=f"<p>{name_ru} {corpus.BIOS[RU][0].lower()}{corpus.BIOS[RU][1:]}</p>",
                column=column[RU] if writes_column else None,
            )
            authors.append([author, author_ru])
        return authors

    def ensure_info_pages(self):
        """The newsroom's own pages, linked from every page's footer."""
        for slug, (title_en, title_ru), (text_en, text_ru) in corpus.INFO_PAGES:
            page = InfoPage.objects.filter(locale=self.locales[EN], slug=slug).first()
            if page is None:
                body = [("paragraph", RichText(f"<p>{paragraph}</p>")) for paragraph in text_en]
                page = self.homes[EN].add_child(
                    instance=InfoPage(title=title_en, slug=slug, lead=text_en[0], body=body, show_in_menus=True)
                )
                page.save_revision().publish()
            body_ru = [("paragraph", RichText(f"<p>{paragraph}</p>")) for paragraph in text_ru]
            self.translation(page, RU, title=title_ru, lead=text_ru[0], body=body_ru)

    def ensure_tags(self):
        tags = []
        for slug, name_en, name_ru, kind in corpus.TAGS:
            tag_en, _ = NewsTag.objects.get_or_create(slug=slug, defaults={"name": name_en, "kind": kind})
            tag_ru, _ = NewsTag.objects.get_or_create(slug=f"{slug}-ru", defaults={"name": name_ru, "kind": kind})
            tags.append([tag_en, tag_ru])
        return tags

    def ensure_settings(self):
        site = self.homes[EN].get_site()
        newsroom = NewsroomSettings.for_site(site)
        if not newsroom.channels:
            newsroom.channels = [
                ("channel", {"kind": kind, "name": name, "url": url}) for kind, name, url in corpus.CHANNELS
            ]
            newsroom.publisher_logo = self.images[0]
            newsroom.save()
        for lang, code in ((EN, "en"), (RU, "ru")):
            SiteTexts.objects.get_or_create(
                site_settings=newsroom,
                language=code,
                defaults={"comment_rules": corpus.COMMENT_RULES[lang]},
            )

    # --- pictures, drawn here so nothing is downloaded ---------------------------------------------------------
    def ensure_sponsor(self):
        sponsor, _created = Sponsor.objects.get_or_create(
            name="Riverside Energy Cooperative",
            defaults={
                "url": "https://energy.example.org/",
                "logo": self.images[0],
                "disclosure": "Advertiser: Riverside Energy Cooperative, registration no. 1027700132195.\n"
                "Ad identifier (erid): 2VtzqxMdYpQ",
            },
        )
        return sponsor

    def ensure_series(self):
        """An English series in three parts (stories published days apart)."""
        series, _created = Series.objects.get_or_create(
            locale=self.locales[EN],
            slug="tram-line",
            defaults={
                "title": "The old tram line, in three parts",
                "description": "How the line was built, why it closed, and whether it can come back.",
            },
        )
        return series

    def ensure_polls(self):
        """A poll per edition, placed in the second newest story."""
        polls = {}
        for lang, (question, answers) in enumerate(corpus.POLL):
            poll = Poll.objects.filter(question=question).first()
            if poll is None:
                poll = Poll(question=question)
                poll.options = [PollOption(text=text, sort_order=order) for order, text in enumerate(answers)]
                poll.save()
            polls[lang] = poll
        return polls

    def ensure_poll_votes(self):
        """Readers' votes, a few dozen per poll, as browsers without accounts cast them."""
        for poll in self.polls.values():
            if poll.votes.exists():
                continue
            rng = random.Random(poll.pk)
            options = list(poll.options.order_by("sort_order"))
            for voter in range(rng.randrange(30, 60)):
                option = rng.choices(options, weights=range(len(options), 0, -1))[0]
                services_polls.vote_cast(
                    poll=poll, option_id=option.pk, reader=None, browser_token=f"demo-{poll.pk}-{voter}"
                )

    def ensure_images(self):
        image_model = get_image_model()
        images = []
        for number in range(12):
            title = f"Demo picture {number + 1}"
            image = image_model.objects.filter(title=title).first()
            if image is None:
                image = image_model(
                    title=title,
                    description="Overlapping coloured circles on a plain background",
                    file=self.draw_picture(number, 1600, 900),
                )
                image.save()
            images.append(image)
        return images

    def portrait(self, number, name):
        image_model = get_image_model()
        title = f"Portrait of {name}"
        image = image_model.objects.filter(title=title).first()
        if image is None:
            image = image_model(title=title, file=self.draw_picture(number + 20, 400, 400, initials=name))
            image.save()
        return image

    def draw_picture(self, number, width, height, initials=None):
        rng = random.Random(number)
        picture = PillowImage.new("RGB", (width, height), PALETTE[number % len(PALETTE)])
        draw = ImageDraw.Draw(picture)
        for _step in range(14):
            x, y = rng.randrange(width), rng.randrange(height)
            radius = rng.randrange(height // 10, height // 2)
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=pick(rng, PALETTE))
        if initials:
            letters = "".join(part[0] for part in initials.split())
            draw.text(
                (width // 2, height // 2),
                letters,
                fill=(255, 255, 255),
                anchor="mm",
                font_size=height // 3,
            )
        buffer = io.BytesIO()
        picture.save(buffer, format="JPEG", quality=82)
        return ImageFile(buffer, name=f"demo-{number}.jpg")

    # --- articles ---------------------------------------------------------------------------------------------
    def ensure_articles(self):
        existing = ArticlePage.objects.filter(locale=self.locales[EN], slug__startswith="story-").count()
        wanted = min(self.article_count, BASE_ARTICLES)
        progress = tqdm(total=wanted, initial=min(existing, wanted), desc="Demo articles", unit="article")
        for number in range(wanted):
            slug = f"story-{number + 1}"
            # A story may exist in Russian only, so look in every language before creating it again.
            if ArticlePage.objects.filter(slug=slug).exists():
                continue
            with transaction.atomic():
                self.create_story(number, slug)
            progress.update(1)
        progress.close()

    def ensure_top_stories(self):
        """Each front page leads with the editors' picks: three recent stories with pictures, not the very newest."""
        for loaded in self.homes:
            # Loaded again: the object from the start of the run still counts no children, and publishing it would
            # write that count back into the tree.
            home = HomePage.objects.get(pk=loaded.pk)
            if HomeTopStory.objects.filter(home=home).exists():
                continue
            pictured = ArticlePage.objects.live().filter(locale=home.locale, image__isnull=False)
            picks = list(pictured.order_by("-first_published_at")[1:7:2])
            home.top_stories = [HomeTopStory(article=story, sort_order=order) for order, story in enumerate(picks)]
            home.save_revision().publish()

    def story_plan(self, number):
        rng = random.Random(number)
        # Spread stories over the last 120 days, a few of them in the middle of the night.
        published = self.now - timedelta(days=DAYS * (number + 0.5) / BASE_ARTICLES, minutes=rng.randrange(600))
        subject, action, topic = (rng.randrange(len(x)) for x in (corpus.SUBJECTS, corpus.ACTIONS, corpus.TOPICS))
        return {
            "rng": rng,
            "published": published,
            "section": number % len(corpus.SECTIONS),
            "authors": rng.sample(range(len(corpus.AUTHORS)), k=1 if number % 5 else 2),
            "tags": rng.sample(range(len(corpus.TAGS)), k=rng.randrange(1, 5)),
            "headline": (subject, action, topic),
            "dateline": rng.randrange(len(corpus.DATELINES)),
            "sentences": rng.sample(range(len(corpus.SENTENCES)), k=8),
            "quote": rng.randrange(len(corpus.QUOTES)),
            "image": rng.randrange(len(self.images)),
            # Two in three stories are English only, some Russian only, the rest in both languages.
            "languages": [(EN,), (EN,), (EN, RU), (RU,), (EN, RU)][number % 5],
        }

    def create_story(self, number, slug):
        plan = self.story_plan(number)
        first = None
        for lang in plan["languages"]:
            page = self.story_page(plan, lang, slug, number)
            if first is None:
                parent = self.sections[plan["section"]][lang]
                parent.add_child(instance=page)
                first = page
            else:
                page.translation_key = first.translation_key
                self.sections[plan["section"]][lang].add_child(instance=page)
            revision = page.save_revision()
            revision.publish()
            ArticlePage.objects.filter(pk=page.pk).update(
                first_published_at=plan["published"], last_published_at=plan["published"]
            )

    def story_page(self, plan, lang, slug, number):
        subject, action, topic = plan["headline"]
        headline = (
            f"{corpus.SUBJECTS[subject][lang]} {corpus.ACTIONS[action][lang]} «{corpus.TOPICS[topic][lang]}»"
            if lang == RU
            else f"{corpus.SUBJECTS[subject][lang]} {corpus.ACTIONS[action][lang]} {corpus.TOPICS[topic][lang]}"
        )
        sentences = [corpus.SENTENCES[i][lang] for i in plan["sentences"]]
        lead = " ".join(sentences[:2])
        quote = corpus.QUOTES[plan["quote"]]
        body = [
            ("paragraph", RichText(f"<p>{' '.join(sentences[2:4])}</p>")),
            (
                "quote",
                {
                    "text": quote[0] if lang == EN else quote[2],
                    "attribution": quote[1] if lang == EN else quote[3],
                    "source_url": "",
                },
            ),
            ("heading", {"text": pick(plan["rng"], corpus.HEADINGS)[lang], "level": "h2"}),
            ("paragraph", RichText(f"<p>{' '.join(sentences[4:6])}</p>")),
        ]
        if number % 3 == 0:
            caption = corpus.CAPTIONS[number % len(corpus.CAPTIONS)][lang]
            body.append(
                (
                    "image",
                    {
                        "image": self.images[(plan["image"] + 1) % len(self.images)],
                        "caption": caption,
                        "credit": corpus.AUTHORS[5][1 + lang],
                    },
                )
            )
        elif number % 10 == 1:  # a photo series now and then
            pictures = [
                {
                    "image": self.images[(plan["image"] + shift) % len(self.images)],
                    "caption": corpus.CAPTIONS[(number + shift) % len(corpus.CAPTIONS)][lang],
                    "credit": corpus.AUTHORS[5][1 + lang],
                }
                for shift in (1, 2, 3)
            ]
            series = corpus.CAPTIONS[number % len(corpus.CAPTIONS)][lang]
            body.append(("gallery", {"images": pictures, "caption": series}))
        if number == POLL_STORY:
            body.insert(3, ("poll", self.polls[lang]))
        if number in FACT_CHECK_STORIES:
            body.insert(1, ("fact_check", self.fact_check(lang, number, plan)))
        related = self.related_for(number, lang)
        if related is not None:
            body.insert(2, ("related_story", {"article": related, "label": ""}))
        body.append(("paragraph", RichText(f"<p>{' '.join(sentences[6:8])}</p>")))
        live_coverage, live_updates = self.live_coverage_of(plan, lang, number)
        page = ArticlePage(
            live_coverage=live_coverage,
            live_updates=live_updates,
            sponsor=self.sponsor if number in SPONSORED_STORIES else None,
            series=self.series if number in SERIES_STORIES and lang == EN else None,
            sponsorship=SPONSORED_STORIES.get(number, SPONSORED),
            # The Russian edition states the advertiser's details in Russian (the sponsor's own are in English).
            sponsor_disclosure=RUSSIAN_DISCLOSURE if number in SPONSORED_STORIES and lang != EN else "",
            title=headline[0].upper() + headline[1:],
            slug=slug,
            lead=lead,
            body=body,
            image=self.images[plan["image"]] if number % 7 else None,
            dateline=corpus.DATELINES[plan["dateline"]][lang],
            locale=self.locales[lang],
        )
        page.article_authors = [
            ArticleAuthor(author=self.authors[i][lang], sort_order=order) for order, i in enumerate(plan["authors"])
        ]
        page.tags.set([self.tags[i][lang] for i in plan["tags"]])
        return page

    def fact_check(self, lang, number, plan):
        """A claim made at the meeting the story reports, checked; the quote's speaker made it."""
        quote = corpus.QUOTES[plan["quote"]]
        claim, summary = corpus.FACT_CHECKS[FACT_CHECK_STORIES[number]]
        return {
            "claim": claim[lang],
            "claimant": quote[1] if lang == EN else quote[3],
            "source_url": "",
            "rating": FACT_CHECK_STORIES[number],
            "summary": summary[lang],
        }

    def live_coverage_of(self, plan, lang, number):
        """Two recent stories are told live as well: the third newest is still live, the fifth has ended. Their
        updates are spread between the story's publication and now, the newest without a headline, two of them key
        events."""
        if number not in LIVE_STORIES:
            return "", []
        count = 5
        step = (self.now - plan["published"]) / (count + 1)
        updates = []
        for index in range(count):
            sentences = [corpus.SENTENCES[(number + index * 3 + n) % len(corpus.SENTENCES)][lang] for n in (0, 1)]
            headline = corpus.HEADINGS[(number + index) % len(corpus.HEADINGS)][lang] if index < count - 1 else ""
            updates.append(
                (
                    "update",
                    {
                        "time": plan["published"] + step * (index + 1),
                        "headline": headline,
                        "text": RichText(f"<p>{' '.join(sentences)}</p>"),
                        "image": self.images[(plan["image"] + index) % len(self.images)] if index == 2 else None,
                        "caption": corpus.CAPTIONS[number % len(corpus.CAPTIONS)][lang] if index == 2 else "",
                        # The first update and the one with a picture are what a late reader should see first.
                        "key_event": index in (0, 2),
                    },
                )
            )
        return LIVE_STORIES[number], updates

    def ensure_comments(self):
        """A few readers' comments under the newest stories, so the thread is not empty in the demo."""
        from django.contrib.auth import get_user_model

        from masthead.accounts.services import reader_profile_save
        from masthead.comments.models import Comment
        from masthead.comments.services import refresh_comment_count

        if Comment.objects.exists():
            return
        readers = []
        for email, name in corpus.READERS:
            user, _created = get_user_model().objects.get_or_create(username=email, defaults={"email": email})
            reader_profile_save(user=user, display_name=name)
            readers.append(user)
        newest = ArticlePage.objects.live().order_by("-first_published_at")[:10]
        for number, article in enumerate(newest):
            lang = EN if article.locale_id == self.locales[EN].pk else RU
            top = None
            for turn in range(number % 3 + 1):
                text = corpus.COMMENTS[(number + turn) % len(corpus.COMMENTS)][lang]
                top = Comment.objects.create(
                    article=article,
                    author=readers[(number + turn) % len(readers)],
                    text=text,
                    status=Comment.Status.PUBLISHED,
                    parent=top if turn == 2 else None,
                    root=top if turn == 2 else None,
                    depth=1 if turn == 2 else 0,
                )
            refresh_comment_count(article_id=article.pk)

    def ensure_moderation_work(self):
        """Something for moderators and editors to act on, in each language: a comment held for a new account,
        one refused for its link, one reported by another reader, and a reader's typo report. Made through the
        services readers' requests use, so each shows the reason the site's policy gives, as on a real site."""
        from django.contrib.auth import get_user_model

        from masthead.accounts.services import reader_profile_save
        from masthead.comments.models import Comment
        from masthead.comments.services import comment_report, comment_submit, ip_hash_for

        newcomer_emails = [email for email, *_rest in corpus.NEWCOMERS]
        if get_user_model().objects.filter(username__in=newcomer_emails).exists():
            return
        newest = {
            lang: ArticlePage.objects.live().filter(locale=self.locales[lang]).order_by("-first_published_at").first()
            for lang in (EN, RU)
        }
        ip_hash = ip_hash_for("127.0.0.1")
        for email, name, language, text in corpus.NEWCOMERS:
            user = get_user_model().objects.create(username=email, email=email)
            reader_profile_save(user=user, display_name=name)
            comment_submit(article=newest[EN if language == "en" else RU], author=user, text=text, ip_hash=ip_hash)
        readers = get_user_model().objects.filter(username__in=[email for email, _name in corpus.READERS])
        for lang, article in newest.items():
            self.report_typo(article, note=corpus.TYPO_NOTE[lang])
            earlier = Comment.objects.filter(article=article, status=Comment.Status.PUBLISHED).order_by("pk").first()
            if earlier is None:
                continue
            comment_submit(article=article, author=earlier.author, text=corpus.LINK_COMMENT[lang], ip_hash=ip_hash)
            reporter = readers.exclude(pk=earlier.author_id).first()
            comment_report(
                comment=earlier, reporter=reporter, category="off_topic", reason=corpus.COMMENT_REPORT_REASON[lang]
            )

    def ensure_newsroom_voice(self):
        """The newsroom in its readers' threads, in each language: the desk answers a reader (its comment carries
        the newsroom's badge) and features another reader's comment above the discussion. The desk is a moderator
        with no password, acting through the same services as a moderator in the admin."""
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from masthead.accounts.services import reader_profile_save
        from masthead.comments.models import Comment
        from masthead.comments.services import comment_feature, comment_submit, ip_hash_for

        email, name = corpus.DESK
        if get_user_model().objects.filter(username=email).exists():
            return
        desk = get_user_model().objects.create(username=email, email=email)
        desk.set_unusable_password()
        desk.save()
        desk.groups.add(Group.objects.get(name="Comment moderators"))
        reader_profile_save(user=desk, display_name=name)
        for lang in (EN, RU):
            published = Comment.objects.filter(
                article__locale=self.locales[lang], status=Comment.Status.PUBLISHED, parent__isnull=True
            ).order_by("-article__first_published_at", "pk")
            asked = published.filter(report_count=0).first()
            if asked is None:
                continue
            comment_submit(
                article=asked.article,
                author=desk,
                text=corpus.DESK_REPLY[lang],
                parent=asked,
                ip_hash=ip_hash_for("127.0.0.1"),
            )
            comment_feature(comment=asked, moderator=desk, reason=corpus.FEATURE_REASON[lang])

    def ensure_likes(self):
        """Readers like some of one another's published comments (never their own), through the readers' service."""
        from django.contrib.auth import get_user_model

        from masthead.comments.models import Comment, CommentLike
        from masthead.comments.services import comment_like

        if CommentLike.objects.exists():
            return
        readers = list(get_user_model().objects.filter(username__in=[email for email, _name in corpus.READERS]))
        published = Comment.objects.filter(status=Comment.Status.PUBLISHED).order_by("pk")
        for number, comment in enumerate(published):
            fans = [reader for reader in readers if reader.pk != comment.author_id][: number % 4]
            for reader in fans:
                comment_like(comment=comment, reader=reader)

    def report_typo(self, article, *, note):
        from masthead.typos.services import report_submit, reporter_hash_for

        lead = article.lead
        selection = max(lead.split()[:6], key=len).strip(".,;:!?«»")
        offset = lead.index(selection)
        report_submit(
            article=article,
            selection=selection,
            scope="lead",
            offset=offset,
            context_before=lead[max(0, offset - 40) : offset],
            context_after=lead[offset + len(selection) : offset + len(selection) + 40],
            comment=note,
            reporter_hash=reporter_hash_for(address="127.0.0.1", user_agent="demo"),
        )

    def ensure_views(self):
        """Readers' views per day since each story appeared, most of them in its first days, so that the view
        counters, the most-read lists and the editors' audience report have something to show in the demo."""
        from masthead.audience.models import DailyViews
        from masthead.audience.services import apply_counts
        from masthead.site_time import site_zone

        if DailyViews.objects.exists():
            return
        zone = site_zone()
        today = timezone.localdate(self.now, zone)
        views = {}
        stories = ArticlePage.objects.live().filter(slug__startswith="story-").order_by("pk")
        for article_id, published in stories.values_list("pk", "first_published_at"):
            first_day = timezone.localdate(published, zone)
            first_day_views = self.rng.randrange(40, 4000)
            for age in range(min((today - first_day).days, 30) + 1):
                count = int(first_day_views / (1 + age) ** 1.6)
                if count:
                    views[(article_id, first_day + timedelta(days=age))] = count
        with transaction.atomic():
            apply_counts(views)

    def related_for(self, number, lang):
        """An earlier story in the same language, for the inline related-story teaser."""
        if number < 10 or number % 2:
            return None
        return ArticlePage.objects.filter(locale=self.locales[lang], slug__startswith="story-").order_by("-pk").first()
