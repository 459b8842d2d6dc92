"""The newsroom's page types: home, sections (rubrics), articles and authors.

Each model keeps the bakerydemo order: fields, panels, search fields, parent/child rules, then behaviour.
Reads that a page needs live in `selectors.py`, so every page loads with a fixed number of queries.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.widgets import AdminSnippetChooser

from masthead.pagecache.tags import tag as page_cache_tag

from .. import live, selectors, sponsorship
from ..addresses import public_url
from ..timezones import time_zone_label
from .blocks import ALT_TEXT_HELP, ArticleBodyBlock, LiveUpdatesBlock
from .series import Series
from .sponsors import Sponsor
from .tags import NewsTag, TaggedArticle


def chooser(model, choose_one, choose_another):
    """A snippet chooser whose buttons are whole phrases of their own: Wagtail's "Choose %(object)s" put the name in
    the nominative, which Russian does not say ("Выбрать серия")."""
    return AdminSnippetChooser(model, choose_one_text=choose_one, choose_another_text=choose_another)


TOP_STORIES = 5


class NewsroomPage(Page):
    """What all the newsroom's pages share: the header's home link and section menu."""

    # The type (model name) of nearly all this page's children: routing loads the child asked for as that type in
    # one query, where Wagtail loads the plain page and then its own fields. Other children go Wagtail's way.
    routed_child_type = None

    class Meta:
        abstract = True

    def route(self, request, path_components):
        if path_components and self.routed_child_type:
            model = apps.get_model("newsroom", self.routed_child_type)
            # With its language, which the page shows (hreflang, structured data).
            child = model.objects.child_of(self).filter(slug=path_components[0]).select_related("locale").first()
            if child is not None:
                child._cached_parent_obj = self  # as Wagtail's routing leaves it: get_parent() needs no query
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page_cache_tag(request, f"page:{self.pk}")
        context.update(selectors.page_chrome(page=self))
        context["translations"] = selectors.article_translations(page=self)
        return context


class HomePage(RoutablePageMixin, NewsroomPage):
    description = models.TextField(
        _("site description"),
        blank=True,
        help_text=_("One or two sentences about the site: the home page's meta description."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        InlinePanel(
            "top_stories",
            label=_("Top stories"),
            heading=_("Top stories"),
            max_num=TOP_STORIES,
            help_text=_(
                "Up to five stories of this edition shown first on the front page, in this order; the latest "
                "news follows without them. A story taken down leaves the list by itself."
            ),
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["newsroom.SectionPage", "newsroom.AuthorIndexPage", "newsroom.InfoPage"]
    routed_child_type = "SectionPage"

    class Meta:
        verbose_name = _("home page")

    @property
    def meta_description(self):
        return self.description or _("The latest news from %(site)s") % {"site": self.title}

    @path("", name="latest")
    def latest(self, request):
        top = selectors.top_stories(home=self, request=request)
        articles = selectors.article_listing(locale=self.locale).exclude(pk__in=top["ids"])
        page_cache_tag(request, f"locale:{self.locale_id}")
        articles = selectors.listing_page(request, articles)
        # The top stories lead the first page only; later pages are the latest news alone.
        stories = top["stories"] if articles.number == 1 else []
        return self.render(request, context_overrides={"articles": articles, "top_stories": stories})

    @path("series/<str:slug>/", name="series")
    def series_listing(self, request, slug):
        """A series' parts, the first part first."""
        series = Series.objects.filter(locale=self.locale, slug=slug).first()
        if series is None:
            raise Http404(_("No such series"))
        page_cache_tag(request, f"series:{series.pk}")
        parts = selectors.article_listing(locale=self.locale).filter(series=series).order_by("first_published_at", "pk")
        return self.render(
            request,
            context_overrides={
                "series": series,
                "articles": selectors.listing_page(request, parts),
                "canonical_url": public_url(request, request.path),
            },
            template="newsroom/series_page.html",
        )

    @path("tags/<str:slug>/", name="tag")
    def tag_listing(self, request, slug):
        tag = NewsTag.objects.filter(slug=slug).first()
        if tag is None:
            raise Http404(_("No such tag."))
        page_cache_tag(request, f"tag:{tag.pk}")
        return self.render(
            request,
            context_overrides={
                "tag": tag,
                "articles": selectors.member_listing_page(request, locale=self.locale, tag=tag),
                "canonical_url": public_url(request, request.path),
            },
            template="newsroom/tag_page.html",
        )


class SectionPage(NewsroomPage):
    """A rubric such as "Policy" or "Author column": its articles are its children."""

    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Shown under the section's name and as its meta description."),
    )

    content_panels = [*Page.content_panels, FieldPanel("description")]
    search_fields = [*Page.search_fields, index.SearchField("description")]

    parent_page_types = ["newsroom.HomePage"]
    subpage_types = ["newsroom.ArticlePage"]
    routed_child_type = "ArticlePage"

    class Meta:
        verbose_name = _("section")

    @property
    def meta_description(self):
        return self.description or _("The latest articles in %(section)s") % {"section": self.title}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = selectors.article_listing(locale=self.locale, section=self)
        page_cache_tag(request, f"section:{self.pk}")
        context["articles"] = selectors.listing_page(request, articles)
        return context


class ArticlePage(NewsroomPage):
    lead = models.TextField(
        _("lead"),
        help_text=_("One paragraph: also the teaser in lists, the feed summary and the social-card text."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("lead image's alt text"),
        max_length=250,
        blank=True,
        help_text=ALT_TEXT_HELP,
    )
    dateline = models.CharField(
        _("dateline"), max_length=100, blank=True, help_text=_("The city the story was filed from.")
    )
    tags = ClusterTaggableManager(through=TaggedArticle, blank=True, verbose_name=_("tags"))
    # Counted views; the audience app keeps it up to date, pages only read it.
    view_count = models.PositiveBigIntegerField(_("views"), default=0, editable=False)
    # Published comments, kept by the comments app so lists show counts without a query per article.
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    comment_mode = models.CharField(
        _("comments"),
        max_length=12,
        default="site",
        choices=[
            ("site", _("As the site's comment policy says")),
            ("open", _("Open")),
            ("premoderated", _("Pre-moderated")),
            ("closed", _("Closed")),
        ],
    )
    live_coverage = models.CharField(
        _("live coverage"),
        max_length=8,
        blank=True,
        default="",
        choices=[
            ("", _("Not a live story")),
            (live.LIVE, _("Live: updates are coming")),
            (live.ENDED, _("Ended")),
        ],
        help_text=_("While a story is live, readers' pages show a notice when new updates are published."),
    )
    live_updates = StreamField(LiveUpdatesBlock(), verbose_name=_("live updates"), blank=True)
    series = models.ForeignKey(
        "newsroom.Series",
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parts",
        help_text=_("Parts are numbered in the order they are published."),
    )
    # Protected: a paid story must not lose its disclosure because someone tidied the sponsors away.
    sponsor = models.ForeignKey(
        "newsroom.Sponsor",
        verbose_name=_("sponsor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    sponsorship = models.CharField(
        _("kind of sponsorship"),
        max_length=10,
        default=sponsorship.SPONSORED,
        choices=[
            (sponsorship.SPONSORED, _("Sponsored: paid for by the sponsor, marked as advertising")),
            (sponsorship.SUPPORTED, _("Supported by: funded by the sponsor, decided by the newsroom alone")),
        ],
    )
    # The advertiser's legal details are the sponsor's, written once in one language; an ad's identifier (erid) is
    # often the story's own. A story may state both in its own language.
    sponsor_disclosure = models.TextField(
        _("disclosure for this story"),
        blank=True,
        help_text=_(
            "The advertiser's legal details and this ad's identifier (erid), in this story's language. Leave empty "
            "to show the sponsor's."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        MultiFieldPanel(
            [InlinePanel("article_authors", label=_("Author"), min_num=0), FieldPanel("dateline")],
            heading=_("Byline"),
        ),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Lead image")),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("live_coverage"), FieldPanel("live_updates")],
            heading=_("Live coverage"),
            help_text=_("Updates are shown under the body, newest first, each with its own link."),
        ),
        FieldPanel("tags"),
        FieldPanel("series", widget=chooser(Series, _("Choose a series"), _("Choose another series"))),
        MultiFieldPanel(
            [
                FieldPanel("sponsor", widget=chooser(Sponsor, _("Choose a sponsor"), _("Choose another sponsor"))),
                FieldPanel("sponsorship"),
                FieldPanel("sponsor_disclosure"),
            ],
            heading=_("Sponsorship"),
            help_text=_(
                "Leave the sponsor empty for the newsroom's own journalism. A sponsored story is marked as such in "
                "lists, its links are marked as paid, and it is kept out of the news sitemap and of other stories' "
                "“More on the topic”."
            ),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("live_updates"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("first_published_at"),
    ]

    settings_panels = [
        HelpPanel(
            content=format_lazy(
                _(
                    "Publishing times (the Status panel's schedule) and every other date and time in the admin are "
                    "in the site's time zone: {label} ({zone})."
                ),
                label=time_zone_label(settings.TIME_ZONE),
                zone=settings.TIME_ZONE,
            )
        ),
        *Page.settings_panels,
        FieldPanel("comment_mode"),
    ]

    parent_page_types = ["newsroom.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")

    @property
    def meta_description(self):
        return self.lead

    @property
    def published_at(self):
        # An article that was never published (a preview) shows the time it was last edited.
        return self.first_published_at or self.latest_revision_created_at

    def clean(self):
        super().clean()
        if self.series_id and self.series.locale_id != self.locale_id:
            raise ValidationError({"series": _("Choose a series of this story's language.")})
        live.stamp_new_updates(self.live_updates)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            selectors.article_page_context(
                article=self, request=request, home=context["home"], translations=context["translations"]
            )
        )
        return context


class ArticleAuthor(Orderable):
    """One author in an article's byline; the order is the byline's order."""

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(
        "newsroom.AuthorPage", verbose_name=_("author"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = _("author")


class HomeTopStory(Orderable):
    """A story the editors put at the top of their edition's front page; the order is theirs."""

    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="top_stories")
    article = models.ForeignKey(
        "newsroom.ArticlePage", verbose_name=_("story"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("top story")
        verbose_name_plural = _("top stories")


class InfoPage(NewsroomPage):
    """A page about the newsroom itself: who we are, contacts, the editorial and privacy policies. Those shown in
    menus are linked from every page's footer."""

    lead = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences: the meta description."))
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    parent_page_types = ["newsroom.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")

    @property
    def meta_description(self):
        return self.lead


class AuthorIndexPage(NewsroomPage):
    parent_page_types = ["newsroom.HomePage"]
    subpage_types = ["newsroom.AuthorPage"]
    routed_child_type = "AuthorPage"
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("authors index")

    @property
    def meta_description(self):
        return _("The newsroom's authors")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        authors = AuthorPage.objects.child_of(self).live().select_related("portrait").order_by("title")
        context["authors"] = selectors.paginate(request, authors)
        return context


class AuthorPage(NewsroomPage):
    """An author: portrait, bio, their articles and their column."""

    portrait = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("portrait"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    bio = RichTextField(_("biography"), blank=True, features=["bold", "italic", "link"])
    column = models.ForeignKey(
        SectionPage,
        verbose_name=_("column"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The section that holds this author's column, if they write one."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("job_title"),
        FieldPanel("portrait"),
        FieldPanel("bio"),
        FieldPanel("column"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("bio")]

    parent_page_types = ["newsroom.AuthorIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("author")

    @property
    def meta_description(self):
        return self.job_title or _("Articles by %(name)s") % {"name": self.title}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page_cache_tag(request, f"author:{self.pk}")
        context["articles"] = selectors.member_listing_page(request, locale=self.locale, author=self)
        return context
