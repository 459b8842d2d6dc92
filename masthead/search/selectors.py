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

    def newest_scored(self, query, *, limit):
        # bm25 is lower for a better match; a headline match weighs ten times a body match.
        sql = f"SELECT rowid, bm25({FTS}, 0.0, 10.0, 1.0) FROM {FTS} WHERE {FTS} MATCH %s ORDER BY rowid DESC LIMIT %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match(query), limit])
            return cursor.fetchall()

    def texts(self, article_ids):
        """(article id, headline, text) of these matches, for their result cards."""
        placeholders = ", ".join(["%s"] * len(article_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT article_id, headline, text FROM {TABLE} WHERE article_id IN ({placeholders})", article_ids
            )
            return cursor.fetchall()


class _PostgresEngine(_SqliteEngine):
    # The stored text is already stemmed, so the 'simple' configuration only lower-cases it, like the index.
    TSQUERY = "plainto_tsquery('simple'::regconfig, %s)"
    # The planner's cost of a random page read for these queries (see `_cursor`); "DEFAULT" keeps the server's.
    page_cost = "1.1"

    @contextmanager
    def _cursor(self):
        # The query looks for the newest matches by walking the language's rows newest first (the index on
        # language and article) and testing each until it has enough. With the default random_page_cost (4,
        # for spinning disks) the planner walks the primary key through every language's rows, or reads the
        # whole table, instead. The index is in memory on any server that serves searches, so the cost is set as
        # for SSDs, for these queries only (bench/search_sql_pg.py measures both ways).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL random_page_cost = {self.page_cost}")
            yield cursor

    def newest_scored(self, query, *, limit):
        # Weight A (headline) counts 1.0 and weight B (lead, body, tags) 0.4 in ts_rank's default weights; the
        # score is negated so that, as with SQLite's bm25, lower is better. Only ids and vectors are read. The
        # newest matches are picked in a subquery of their own so that only they are ranked: with the rank in
        # the same SELECT the planner may rank every match before it sorts and cuts them.
        sql = (
            f"SELECT article_id, -ts_rank(document, {self.TSQUERY}) FROM ("
            f" SELECT article_id, document FROM {TABLE}"
            f" WHERE language = %s AND document @@ {self.TSQUERY} ORDER BY article_id DESC LIMIT %s"
            f") AS newest"
        )
        terms = " ".join(query.terms)
        with self._cursor() as cursor:
            cursor.execute(sql, [terms, query.language, terms, limit])
            return cursor.fetchall()


def _engine():
    return _PostgresEngine() if connection.vendor == "postgresql" else _SqliteEngine()


class RankedMatches:
    """The matches of a query as a lazy sequence, so Django's Paginator counts and reads one page.

    The newest `window` + 1 matches are found and scored in one pass of the full-text engine (their ids and
    scores only), which gives the count too: counting in a statement of its own walked the same matches twice.
    Their ranking is sorted here; the readable text is read for the page's rows alone. A query matching more
    than the window has `is_capped` set and shows as "more than N".
    """

    def __init__(self, query):
        self.query = query
        self.engine = _engine()
        self.window = conf.ranking_window()
        self._ranked_ids = None
        self._capped = False

    def ranked_ids(self):
        if self._ranked_ids is None:
            found = [] if self.query.is_empty else self.engine.newest_scored(self.query, limit=self.window + 1)
            self._capped = len(found) > self.window
            # Best score first, the newer of two equal ones first: as the page showed them when SQL ranked them.
            found = sorted(found[: self.window], key=lambda row: (row[1], -row[0]))
            self._ranked_ids = [article_id for article_id, _score in found]
        return self._ranked_ids

    def count(self):
        return len(self.ranked_ids())

    @property
    def is_capped(self):
        self.ranked_ids()
        return self._capped

    def __len__(self):
        return self.count()

    def __getitem__(self, items):
        if not isinstance(items, slice):
            raise TypeError("RankedMatches is only read a page (a slice) at a time.")
        page_ids = self.ranked_ids()[items]
        if not page_ids:
            return []
        texts = {row[0]: row for row in self.engine.texts(page_ids)}
        return [texts[article_id] for article_id in page_ids if article_id in texts]


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
