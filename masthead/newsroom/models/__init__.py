from .blocks import ArticleBodyBlock
from .fact_checks import FactCheck
from .pages import (
    ArticleAuthor,
    ArticlePage,
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    HomeTopStory,
    InfoPage,
    SectionPage,
)
from .series import Series
from .site_settings import NewsroomSettings, SiteTexts
from .sponsors import Sponsor
from .tags import NewsTag, TaggedArticle

__all__ = [
    "ArticleAuthor",
    "ArticleBodyBlock",
    "ArticlePage",
    "AuthorIndexPage",
    "AuthorPage",
    "FactCheck",
    "HomePage",
    "HomeTopStory",
    "InfoPage",
    "NewsTag",
    "NewsroomSettings",
    "SectionPage",
    "Series",
    "SiteTexts",
    "Sponsor",
    "TaggedArticle",
]
