from .blocks import ArticleBodyBlock
from .pages import ArticleAuthor, ArticlePage, AuthorIndexPage, AuthorPage, HomePage, SectionPage
from .site_settings import NewsroomSettings, SiteTexts
from .tags import NewsTag, TaggedArticle

__all__ = [
    "ArticleAuthor",
    "ArticleBodyBlock",
    "ArticlePage",
    "AuthorIndexPage",
    "AuthorPage",
    "HomePage",
    "NewsTag",
    "NewsroomSettings",
    "SectionPage",
    "SiteTexts",
    "TaggedArticle",
]
