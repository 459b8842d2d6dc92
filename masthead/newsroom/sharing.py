"""Links that share an article: each service's own sharing page, given the article's address and headline.

Plain links, so nothing is loaded from those services (no script, no pixel) until a reader chooses one.
"""

from urllib.parse import quote, urlencode

from .models.site_settings import ShareBlock

ADDRESSES = {
    "telegram": lambda url, title: "https://t.me/share/url?" + urlencode({"url": url, "text": title}),
    "vk": lambda url, title: "https://vk.com/share.php?" + urlencode({"url": url, "title": title}),
    "x": lambda url, title: "https://x.com/intent/post?" + urlencode({"url": url, "text": title}),
    "facebook": lambda url, title: "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
    "whatsapp": lambda url, title: "https://wa.me/?" + urlencode({"text": f"{title} {url}"}),
    "linkedin": lambda url, title: "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
    # mailto takes RFC 3986 escapes, not a form's "+" for spaces.
    "email": lambda url, title: f"mailto:?subject={quote(title)}&body={quote(url, safe='')}",
}
# The names editors choose from in the settings are the ones readers see.
NAMES = dict(ShareBlock.KINDS)


def share_links(*, choices, url, title):
    """[{kind, name, href}] for the services the site's settings list, in their order; unknown kinds are skipped."""
    links = []
    for block in choices:
        kind = block.value["kind"]
        if kind in ADDRESSES:
            links.append({"kind": kind, "name": str(NAMES[kind]), "href": ADDRESSES[kind](url, title)})
    return links
