"""The site's feeds as Django syndication feeds: attributes and small hooks, one class for all four sources.

One instance serves one request in one format (RSS 2.0, Atom 1.0 or JSON Feed 1.1): the view picks the format
from the address, the selectors pick the stories, and these hooks only hand plain values to the generator.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Enclosure
from django.utils.translation import gettext as _

from . import generators, selectors
from .xml import xml_safe


class ArticleFeed(Feed):
    def __init__(self, *, feed_format, kind, page_number=1, source_for=selectors.feed_source):
        """`source_for(request, kind=, slug=)` gives the feed's `selectors.FeedSource`: the site's four kinds by
        default; another app may bring its own (a reader's private feed of what they follow)."""
        self.feed_type = generators.FORMATS[feed_format]
        self.feed_format = feed_format
        self.kind = kind
        self.page_number = page_number
        self.source_for = source_for

    def get_object(self, request, slug=None, **kwargs):
        source = self.source_for(request, kind=self.kind, slug=slug)
        source.entries, source.has_next = selectors.feed_page(source, request=request, number=self.page_number)
        if not source.entries and self.page_number > 1:
            raise Http404(_("That page is past the end of the feed."))
        source.feed_path = request.path
        return source

    # --- The feed -------------------------------------------------------------------------------------------

    def title(self, source):
        return xml_safe(source.title)

    def link(self, source):
        return source.link

    def description(self, source):
        return xml_safe(str(source.description))

    def subtitle(self, source):
        # Atom's subtitle is RSS's description.
        return self.description(source)

    def feed_url(self, source):
        return self.page_url(source, self.page_number)

    def author_name(self, source):
        return source.site_name

    def author_link(self, source):
        return source.home.get_full_url()

    def feed_copyright(self, source):
        return f"© {source.site_name}"

    def feed_extra_kwargs(self, source):
        return {
            "hub_url": source.settings.hub_url or None,
            "next_url": self.page_url(source, self.page_number + 1) if source.has_next else None,
            "previous_url": self.page_url(source, self.page_number - 1) if self.page_number > 1 else None,
        }

    def page_url(self, source, number):
        url = source.root_url + source.feed_path
        return url if number == 1 else f"{url}?page={number}"

    def items(self, source):
        return source.entries

    # --- Each story -------------------------------------------------------------------------------------------

    def item_title(self, entry):
        return entry.title

    def item_link(self, entry):
        return entry.link

    def item_description(self, entry):
        return entry.summary_html

    def item_guid(self, entry):
        return entry.guid

    def item_guid_is_permalink(self, entry):
        return False

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated

    def item_categories(self, entry):
        return entry.categories

    def item_enclosures(self, entry):
        return [Enclosure(*entry.enclosure)] if entry.enclosure else []

    def item_extra_kwargs(self, entry):
        return {
            "authors": entry.authors,
            "content_html": entry.content_html,
            "summary_text": entry.summary_text,
            "image": entry.image_url,
            "language": entry.language,
        }
