"""Bringing a WordPress site's posts, authors, categories, tags and comments into the newsroom.

Each post lands in its own transaction with its comments and its old address's redirect, and is remembered
(ImportedItem): if the import stops halfway (a database hiccup, Ctrl-C), running it again carries on where it
stopped and adds nothing twice. Stories keep their original publication times, so they file into the archive on
their own days and are not announced again: the channels post only a story's first publication, and an imported
story's first publication is its old one.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.coreutils import find_available_slug
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from masthead.accounts.models import ReaderProfile
from masthead.accounts.services import reader_profile_save
from masthead.comments.models import Comment
from masthead.comments.services import MAX_DEPTH, refresh_comment_count
from masthead.newsroom.models import (
    ArticleAuthor,
    ArticlePage,
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    InfoPage,
    NewsTag,
    SectionPage,
)

from . import content
from .models import ImportedItem

NOT_CONTENT = {"attachment", "nav_menu_item", "wp_navigation", "wp_template", "wp_template_part", "wp_global_styles"}
IMPORTED_STATUSES = {"publish", "future", "draft", "pending", "private"}
FALLBACK_SECTION = ("uncategorized", "Uncategorized")
# What the fields take, read from the models.
TITLE_LENGTH = Page._meta.get_field("title").max_length
NAME_LENGTH = ReaderProfile._meta.get_field("display_name").max_length
ID_LENGTH = ImportedItem._meta.get_field("original_id").max_length


class ImportRefused(Exception):
    """The site cannot take this import as it is (no home page for the language, say)."""


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    missing_images: list = field(default_factory=list)
    refused: list = field(default_factory=list)

    def lines(self):
        made = ", ".join(f"{count} {kind}" for kind, count in sorted(self.created.items())) or "nothing new"
        lines = [f"Imported: {made}."]
        lines += [f"Skipped {count}: {reason}." for reason, count in sorted(self.skipped.items())]
        lines += [f"Not imported: {refusal}" for refusal in self.refused]
        if self.missing_images:
            lines.append(
                f"{len(self.missing_images)} pictures were not found under --uploads; each is kept as a link to its "
                f"old address (first: {self.missing_images[0]})."
            )
        return lines


class WordPressImport:
    def __init__(self, export, *, language, uploads=None):
        self.export = export
        self.source = export.link.rstrip("/") or "wordpress"
        self.host = urlsplit(self.source).netloc  # links to it are links within the old site
        self.uploads = Path(uploads) if uploads else None
        self.report = Report()
        try:
            self.locale = Locale.objects.get(language_code=language)
            self.home = HomePage.objects.get(locale=self.locale)
        except (Locale.DoesNotExist, HomePage.DoesNotExist):
            raise ImportRefused(f"the site has no home page in language {language!r}: set the site up first.") from None
        self.site = Site.objects.filter(root_page__translation_key=self.home.translation_key).first()
        self.imported = []  # the articles this run made, for finish()
        # Pages and accounts made so far, by their WordPress names; emptied when a post's transaction rolls back.
        self.sections, self.authors, self.commenters = {}, {}, {}

    def posts(self):
        """The export's items, each with what will happen to it: (post, None) to import, (post, reason) to skip,
        (post, "") to pass over in silence (attachments, menus: not content of their own)."""
        for post in self.export.posts():
            if post.post_type in NOT_CONTENT:
                yield post, ""
            elif post.post_type not in ("post", "page"):
                yield post, f"{post.post_type} items (posts become articles and pages information pages)"
            elif post.status not in IMPORTED_STATUSES:
                yield post, f"posts with status {post.status!r}"
            else:
                yield post, None

    def import_post(self, post):
        if self.remembered(ImportedItem.Kind.POST, post.original_id) is not None:
            self.report.skipped["already imported"] += 1
            return None
        counted, missing = Counter(self.report.created), len(self.report.missing_images)
        try:
            with transaction.atomic():
                if post.post_type == "page":
                    article = self.create_info_page(post)
                else:
                    article = self.create_article(post)
                    self.import_comments(post, article)
                self.remember(ImportedItem.Kind.POST, post.original_id, article.pk)
                if article.live or article.go_live_at:
                    self.redirect_old_address(post, article)
        except ValidationError as error:  # nothing of this post was kept; the report names it and says why
            self.sections, self.authors, self.commenters = {}, {}, {}  # some may have been made, then rolled back
            self.report.created, self.report.missing_images[missing:] = counted, []
            self.report.refused.append(f"post {post.original_id} “{post.title}”: {'; '.join(error.messages)}")
            return None
        self.report.created["information pages" if post.post_type == "page" else "articles"] += 1
        self.imported.append(article.pk)
        return article

    def imported_articles(self, chunk=500):
        """This run's articles, a few hundred at a time: a database takes only so many ids in one IN (...)."""
        for pks in _chunks(self.imported, chunk):
            yield from ArticlePage.objects.filter(pk__in=pks).order_by("pk")
            yield from InfoPage.objects.filter(pk__in=pks).order_by("pk")

    def finish(self):
        """Links between imported posts point at the new pages (Wagtail page links, which follow later moves),
        once every post is in; a link to a post not imported keeps its old address."""
        targets = {}
        for item in ImportedItem.objects.filter(source=self.source, kind=ImportedItem.Kind.POST):
            targets[f"?p={item.original_id}"] = item.object_id
        if self.site is not None:
            for redirect in Redirect.objects.filter(site=self.site, redirect_page__isnull=False):
                targets[redirect.old_path] = redirect.redirect_page_id
        for article in self.imported_articles():
            changed = False
            for block in article.body:
                if block.block_type == "paragraph":
                    source = link_pages(block.value.source, targets, host=self.host)
                    changed |= source != block.value.source
                    block.value = RichText(source)
            if changed:
                article.save(update_fields=["body"])
                revision = article.latest_revision
                revision.content = article.serializable_data()
                revision.save(update_fields=["content"])
                self.report.created["articles with links between them"] += 1

    def skip(self, reason):
        self.report.skipped[reason] += 1

    # --- the article

    def body_of(self, post):
        converted = content.convert(post.content, find_image=self.find_image)
        self.report.missing_images += converted.missing_images
        return converted

    def create_article(self, post):
        converted = self.body_of(post)
        categories = [term for term in post.terms if term.kind == "category"]
        section = self.section(categories[0] if categories else None)
        title = content.plain_text(post.title) or f"Post {post.original_id}"
        # Password-protected and private posts were not public there, so they are not public here.
        public = post.status in ("publish", "future") and not post.password
        article = ArticlePage(
            title=content.cut(title, TITLE_LENGTH),
            slug=self.free_slug(section, unquote(post.slug) or title, post),
            lead=content.lead_from(post.excerpt, converted) or content.cut(title, content.LEAD_LENGTH),
            body=content.without_lead(converted, post.excerpt),
            locale=self.locale,
            live=False,
            first_published_at=post.date if public and post.status == "publish" else None,
            go_live_at=post.date if public and post.status == "future" else None,
        )
        article.image = self.lead_image(post)
        author = self.author(post.creator)
        if author is not None:
            article.article_authors = [ArticleAuthor(author=author, sort_order=0)]
        # The first category is the section; the others are kept as tags beside the post's own.
        article.tags.set([self.tag(term) for term in categories[1:] + [t for t in post.terms if t.kind == "post_tag"]])
        section.add_child(instance=article)
        revision = article.save_revision()
        if not public:
            self.report.created[f"drafts (from {post.status}{' with a password' if post.password else ''})"] += 1
            return article
        revision.publish()
        if post.status == "publish" and post.date:
            # Wagtail stamps "now" as the last publication; the archive's is the old one.
            last = max(post.modified or post.date, post.date)
            ArticlePage.objects.filter(pk=article.pk).update(first_published_at=post.date, last_published_at=last)
        return ArticlePage.objects.get(pk=article.pk)  # as publishing left it: live, or scheduled

    def create_info_page(self, post):
        """A WordPress page (About, Contacts, a policy) as an information page under the home page. Not put in the
        footer menu: editors choose which of them readers see there. Comments on pages stay behind."""
        converted = self.body_of(post)
        if post.comments:
            self.report.skipped["comments on pages (information pages take none)"] += len(post.comments)
        title = content.plain_text(post.title) or f"Page {post.original_id}"
        page = InfoPage(
            title=content.cut(title, TITLE_LENGTH),
            slug=self.free_slug(self.home, unquote(post.slug) or title, post),
            lead=content.lead_from(post.excerpt, converted),
            body=converted.blocks,
            locale=self.locale,
            live=False,
        )
        self.home.add_child(instance=page)
        revision = page.save_revision()
        if post.status == "publish" and not post.password:
            revision.publish()
        return InfoPage.objects.get(pk=page.pk)

    def lead_image(self, post):
        # Featured pictures are attachment items, named by post id in each post's _thumbnail_id.
        url = self.export.attachments.get(post.meta.get("_thumbnail_id", ""), "")
        image = self.find_image(url) if url else None
        if url and image is None:
            self.report.missing_images.append(url)
        return image

    def free_slug(self, parent, slug, post):
        return find_available_slug(parent, (slugify(slug, allow_unicode=True) or f"post-{post.original_id}")[:240])

    def section(self, category):
        slug, title = (unquote(category.slug), category.name) if category else FALLBACK_SECTION
        slug = slugify(slug, allow_unicode=True) or slugify(title, allow_unicode=True) or FALLBACK_SECTION[0]
        if slug not in self.sections:
            existing = SectionPage.objects.child_of(self.home).filter(slug=slug).first()
            if existing is None:
                existing = self.home.add_child(instance=SectionPage(title=title or slug, slug=slug, locale=self.locale))
                existing.save_revision().publish()
                self.report.created["sections"] += 1
            self.sections[slug] = existing
        return self.sections[slug]

    def author(self, login):
        if not login:
            return None
        if login not in self.authors:
            slug = slugify(login, allow_unicode=True) or "author"
            index = AuthorIndexPage.objects.filter(locale=self.locale).first()
            if index is None:
                index = self.home.add_child(
                    instance=AuthorIndexPage(title="Authors", slug="authors", locale=self.locale)
                )
                index.save_revision().publish()
            found = AuthorPage.objects.child_of(index).filter(slug=slug).first()
            if found is None:
                known = self.export.authors.get(login)
                name = (known.display_name if known else "") or login
                found = index.add_child(instance=AuthorPage(title=name, slug=slug, locale=self.locale))
                found.save_revision().publish()
                self.report.created["authors"] += 1
            self.authors[login] = found
        return self.authors[login]

    def tag(self, term):
        slug = slugify(unquote(term.slug) or term.name, allow_unicode=True)[:100] or "tag"
        name = term.name[:100] or slug
        found = NewsTag.objects.filter(slug=slug).first() or NewsTag.objects.filter(name=name).first()
        if found is None:
            found = NewsTag.objects.create(slug=slug, name=name, kind=NewsTag.Kind.TOPIC)
            self.report.created["tags"] += 1
        return found

    def find_image(self, url):
        """A picture from the --uploads folder (a copy of wp-content/uploads), matched by its path there."""
        if self.uploads is None:
            return None
        path = unquote(urlsplit(url).path)
        relative = path.split("/wp-content/uploads/", 1)[-1] if "/wp-content/uploads/" in path else path.lstrip("/")
        candidate = (self.uploads / relative).resolve()
        if self.uploads.resolve() not in candidate.parents or not candidate.is_file():
            return None
        Image = get_image_model()
        digest = hashlib.sha1(candidate.read_bytes()).hexdigest()
        image = Image.objects.filter(file_hash=digest).first()
        if image is None:
            with candidate.open("rb") as handle:
                image = Image(title=candidate.stem, file=ImageFile(handle, name=candidate.name))
                image.save()
            self.report.created["pictures"] += 1
        return image

    # --- comments

    def import_comments(self, post, article):
        readers = [c for c in post.comments if c.kind in ("", "comment") and c.approved in ("1", "0")]
        if len(readers) < len(post.comments):
            self.report.skipped["pingbacks, trackbacks, spam and trashed comments"] += len(post.comments) - len(readers)
        made = {}
        remaining = sorted(readers, key=lambda c: (c.date is None, c.date, c.original_id))
        while remaining:  # parents first, whatever order the file lists them in
            waiting, unmade = [], {comment.original_id for comment in remaining}
            for comment in remaining:
                if comment.parent_id and comment.parent_id in unmade and comment.parent_id not in made:
                    waiting.append(comment)
                    continue
                made[comment.original_id] = self.create_comment(comment, article, made.get(comment.parent_id))
            if len(waiting) == len(remaining):  # a cycle in the file: the rest become top comments
                for comment in waiting:
                    made[comment.original_id] = self.create_comment(comment, article, None)
                break
            remaining = waiting
        if made:
            refresh_comment_count(article_id=article.pk)

    def create_comment(self, comment, article, parent):
        while parent is not None and parent.depth >= MAX_DEPTH:  # threads here are two replies deep
            parent = parent.parent
        published = comment.approved == "1"
        made = Comment.objects.create(
            article=article,
            author=self.commenter(comment),
            parent=parent,
            root=(parent.root or parent) if parent else None,
            depth=parent.depth + 1 if parent else 0,
            text=comment_text(comment.text),
            status=Comment.Status.PUBLISHED if published else Comment.Status.PENDING,
            created_at=comment.date or article.first_published_at,
            moderated_at=comment.date if published else None,
        )
        self.report.created["comments" if published else "comments awaiting moderation"] += 1
        return made

    def commenter(self, comment):
        """One account per commenter (by email, else by name), with no password: the person can claim it with
        a password reset to that email, then confirm the address, and finds their old comments on their profile."""
        key = comment.email or f"name:{comment.author}"
        if key not in self.commenters:
            User = get_user_model()
            user_id = self.remembered(ImportedItem.Kind.COMMENTER, key)
            user = User.objects.filter(pk=user_id).first() if user_id else None
            if user is None and comment.email:
                user = User.objects.filter(email__iexact=comment.email).first()
            if user is None:
                digest = hashlib.sha256(f"{self.source} {key}".encode()).hexdigest()[:20]
                user = User(username=f"wordpress-{digest}", email=comment.email)
                user.set_unusable_password()
                user.save()
                reader_profile_save(
                    user=user, display_name=content.cut(comment.author.strip() or "Reader", NAME_LENGTH)
                )
                self.report.created["commenters"] += 1
            self.remember(ImportedItem.Kind.COMMENTER, key, user.pk)
            self.commenters[key] = user
        return self.commenters[key]

    # --- old addresses

    def redirect_old_address(self, post, article):
        if self.site is None:
            return
        new_path = urlsplit(article.url or "").path
        for address in {post.link, post.guid}:
            parts = urlsplit(address)
            if not address or (parts.netloc and parts.netloc != self.host):
                continue
            old_path = Redirect.normalise_path(parts.path + (f"?{parts.query}" if parts.query else ""))
            # "/?p=14" is the home page's address: Wagtail's redirects act only where a page is missing, so one
            # stored for it would never answer.
            if old_path in ("", "/") or old_path.startswith("/?") or old_path == new_path.rstrip("/"):
                continue
            _redirect, created = Redirect.objects.get_or_create(
                old_path=old_path, site=self.site, defaults={"redirect_page": article, "is_permanent": True}
            )
            self.report.created["redirects from old addresses"] += created

    # --- memory

    def remembered(self, kind, original_id):
        found = ImportedItem.objects.filter(source=self.source, kind=kind, original_id=original_id[:ID_LENGTH]).first()
        return found.object_id if found else None

    def remember(self, kind, original_id, object_id):
        ImportedItem.objects.get_or_create(
            source=self.source, kind=kind, original_id=original_id[:ID_LENGTH], defaults={"object_id": object_id}
        )


OLD_LINK = re.compile(r'<a href="([^"]*)"')


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def link_pages(html, targets, *, host):
    """`<a href="old address">` as `<a linktype="page" id="...">` where the old address is an imported post's."""

    def replace(match):
        address = unescape(match.group(1))
        parts = urlsplit(address)
        if parts.netloc and parts.netloc != host:
            return match.group(0)
        if parts.path in ("", "/"):  # https://old.example/?p=14
            page_id = targets.get(f"?{parts.query}") if parts.query.startswith("p=") else None
        else:  # a permalink
            page_id = targets.get(Redirect.normalise_path(parts.path))
        return f'<a linktype="page" id="{page_id}"' if page_id else match.group(0)

    return OLD_LINK.sub(replace, html)


def comment_text(html):
    """A WordPress comment's HTML as the plain text comments are here; a link keeps its address in brackets."""
    soup = BeautifulSoup(html.replace("\r\n", "\n"), "html.parser")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for link in soup.find_all("a"):
        href = (link.get("href") or "").strip()
        label = link.get_text()
        link.replace_with(f"{label} ({href})" if href and href != label.strip() else label)
    for paragraph in soup.find_all("p"):
        paragraph.insert_after("\n\n")
        paragraph.unwrap()
    return "\n\n".join(part.strip() for part in soup.get_text().split("\n\n") if part.strip())
