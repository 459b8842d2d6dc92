"""Search in the admin: Wagtail's "Promoted search results" (Settings) serve the editors' picks; its "Search terms"
report is taken out, because the site does not record readers' searches (stored pages answer most of them, and
what readers look for is theirs)."""

from wagtail import hooks


@hooks.register("construct_reports_menu")
def hide_search_terms_report(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]
