"""Audience: view counting, most-read lists, the archive calendar and editors' stats."""
