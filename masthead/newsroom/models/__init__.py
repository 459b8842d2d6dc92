from .blocks import ArticleBodyBlock
from .pages import ArticleAuthor, ArticlePage, AuthorIndexPage, AuthorPage, HomePage, InfoPage, SectionPage
from .site_settings import NewsroomSettings, SiteTexts
from .tags import NewsTag, TaggedArticle

__all__ = [
    "ArticleAuthor",
    "ArticleBodyBlock",
    "ArticlePage",
    "AuthorIndexPage",
    "AuthorPage",
    "HomePage",
    "InfoPage",
    "NewsTag",
    "NewsroomSettings",
    "SectionPage",
    "SiteTexts",
    "TaggedArticle",
]
