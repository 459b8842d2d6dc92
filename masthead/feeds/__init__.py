"""Feeds (RSS, Atom, JSON Feed), sitemaps, robots.txt and WebSub pings."""
