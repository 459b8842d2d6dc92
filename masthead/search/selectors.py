"""Reads from the search index: parse a query, rank matches, and build one page of results."""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction

from masthead.newsroom import selectors as newsroom

from . import conf
from .text import WORD, highlight, snippet, stems

FTS = "newsroom_search_fulltext"
TABLE = "newsroom_search_searchdocument"


@dataclass
class SearchQuery:
    text: str
    language: str
    terms: list = field(default_factory=list)
    too_long: bool = False
    words_dropped: bool = False

    @property
    def is_empty(self):
        return not self.terms


def search_query_parse(*, text, language):
    """The stems to look for, in the reader's language; an overlong query is refused, not silently cut."""
    text = (text or "").strip()
    query = SearchQuery(text=text, language=language)
    if len(text) > conf.max_query_length():
        query.too_long = True
        return query
    words = WORD.findall(text)
    limit = conf.max_query_words()
    query.words_dropped = len(words) > limit
    # Repeated stems ("bridge bridges") would only repeat a term; keep the first of each, in order.
    query.terms = list(dict.fromkeys(stems(" ".join(words[:limit]), language=language)))
    return query


class _SqliteEngine:
    def match(self, query):
        # Every term must appear in the headline or the body, and the row must be in the reader's language.
        terms = " AND ".join(f'"{term}"' for term in query.terms)
        return f'language : "{query.language}" AND {{headline_terms body_terms}} : ({terms})'

    def count(self, query, *, window):
        sql = f"SELECT count(*) FROM (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s LIMIT %s)"
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match(query), window])
            return cursor.fetchone()[0]

    def ranked(self, query, *, offset, limit, window):
        # The newest `window` matches (article ids grow with time) are scored with bm25, a headline match
        # weighing ten times a body match; only this page's rows are then joined to read their text.
        sql = (
            f"SELECT d.article_id, d.headline, d.text FROM ("
            f" SELECT id, score FROM ("
            f"  SELECT rowid AS id, bm25({FTS}, 0.0, 10.0, 1.0) AS score FROM {FTS} WHERE {FTS} MATCH %s"
            f"  ORDER BY rowid DESC LIMIT %s"
            f" ) ORDER BY score, id DESC LIMIT %s OFFSET %s"
            f") AS ranked JOIN {TABLE} AS d ON d.article_id = ranked.id ORDER BY ranked.score, ranked.id DESC"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match(query), window, limit, offset])
            return cursor.fetchall()


class _PostgresEngine:
    # The stored text is already stemmed, so the 'simple' configuration only lower-cases it, like the index.
    TSQUERY = "plainto_tsquery('simple'::regconfig, %s)"
    # The planner's cost of a random page read for these queries (see `_cursor`); "DEFAULT" keeps the server's.
    page_cost = "1.1"

    @contextmanager
    def _cursor(self):
        # Both queries look for the newest matches by walking the language's rows newest first (the index on
        # language and article) and testing each until they have enough. With the default random_page_cost (4,
        # for spinning disks) the planner walks the primary key through every language's rows, or reads the
        # whole table, instead. The index is in memory on any server that serves searches, so the cost is set as
        # for SSDs, for these queries only (bench/search_sql_pg.py measures both ways).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL random_page_cost = {self.page_cost}")
            yield cursor

    def count(self, query, *, window):
        sql = (
            f"SELECT count(*) FROM (SELECT 1 FROM {TABLE}"
            f" WHERE language = %s AND document @@ {self.TSQUERY} LIMIT %s) AS matches"
        )
        with self._cursor() as cursor:
            cursor.execute(sql, [query.language, " ".join(query.terms), window])
            return cursor.fetchone()[0]

    def ranked(self, query, *, offset, limit, window):
        # The newest `window` matches are ranked; weight A (headline) counts 1.0 and weight B (lead, body,
        # tags) 0.4 in ts_rank's default weights. Only ids and vectors are read for ranking; the readable
        # text (large, stored out of line) is read for this page's rows alone.
        sql = (
            f"SELECT d.article_id, d.headline, d.text FROM ("
            f" SELECT article_id, ts_rank(document, q) AS rank FROM ("
            f"  SELECT article_id, document FROM {TABLE}"
            f"  WHERE language = %s AND document @@ {self.TSQUERY} ORDER BY article_id DESC LIMIT %s"
            f" ) AS newest, {self.TSQUERY} AS q"
            f" ORDER BY rank DESC, article_id DESC LIMIT %s OFFSET %s"
            f") AS ranked JOIN {TABLE} AS d ON d.article_id = ranked.article_id"
            f" ORDER BY ranked.rank DESC, ranked.article_id DESC"
        )
        terms = " ".join(query.terms)
        with self._cursor() as cursor:
            cursor.execute(sql, [query.language, terms, window, terms, limit, offset])
            return cursor.fetchall()


def _engine():
    return _PostgresEngine() if connection.vendor == "postgresql" else _SqliteEngine()


class RankedMatches:
    """The matches of a query as a lazy sequence, so Django's Paginator counts once and reads one page.

    Its length stops at the ranking window: a query matching more has `is_capped` set and shows as
    "more than N".
    """

    def __init__(self, query):
        self.query = query
        self.engine = _engine()
        self.window = conf.ranking_window()
        self._count = None

    def count(self):
        if self._count is None:
            self._count = 0 if self.query.is_empty else self.engine.count(self.query, window=self.window + 1)
        return min(self._count, self.window)

    @property
    def is_capped(self):
        return self.count() is not None and self._count > self.window

    def __len__(self):
        return self.count()

    def __getitem__(self, items):
        if not isinstance(items, slice):
            raise TypeError("RankedMatches is only read a page (a slice) at a time.")
        if self.query.is_empty or items.stop <= items.start:
            return []
        return self.engine.ranked(self.query, offset=items.start, limit=items.stop - items.start, window=self.window)


@dataclass
class SearchResult:
    article: object
    headline: str
    snippet: str


def search_results_page(request, *, query, locale):
    """One page of results (20 by default), best first, each with its article, section and highlighted text.

    A fixed number of queries whatever the page holds: count, ranked rows, the articles with their bylines
    and images, and their sections. A page number that is not a number or past the end is a 404.
    """
    page = newsroom.paginate(request, RankedMatches(query), per_page=conf.page_size())
    rows = list(page.object_list)
    articles = {}
    if rows:
        listing = newsroom.article_listing(locale=locale).filter(pk__in=[row[0] for row in rows])
        articles = {article.pk: article for article in newsroom.attach_sections(list(listing))}
    terms = set(query.terms)
    page.object_list = [
        SearchResult(
            article=articles[article_id],
            headline=highlight(headline, terms=terms, language=query.language),
            snippet=snippet(text, terms=terms, language=query.language),
        )
        for article_id, headline, text in rows
        # A row whose article stopped being live before the index caught up is left out rather than shown.
        if article_id in articles
    ]
    return page


@dataclass
class EditorsPick:
    title: str
    url: str
    description: str
    external: bool


def editors_picks(*, text, locale):
    """The results editors pinned to this search (admin → Settings → Promoted search results), in their order:
    their stories and pages of this edition that are live and public, and their links elsewhere. A story's lead
    stands in for a missing description. Queries are matched as Wagtail normalises them (case and spacing)."""
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.models import Page
    from wagtail.search.utils import normalise_query_string

    from masthead.newsroom.privacy import is_public

    picks = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(text)).order_by("sort_order")
    )
    if not picks:
        return []
    page_ids = [pick.page_id for pick in picks if pick.page_id]
    pages = Page.objects.live().filter(pk__in=page_ids, locale=locale).specific().in_bulk() if page_ids else {}
    shown = []
    for pick in picks:
        if pick.page_id:
            page = pages.get(pick.page_id)
            if page is None or not is_public(page):
                continue
            description = pick.description or getattr(page, "lead", "") or getattr(page, "search_description", "")
            shown.append(EditorsPick(page.title, page.url, description, external=False))
        elif pick.external_link_url:
            title = pick.external_link_text or pick.external_link_url
            shown.append(EditorsPick(title, pick.external_link_url, pick.description, external=True))
    return shown
