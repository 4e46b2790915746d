"""Says plainly that a menu entry's page is not available yet, and what it will do."""

from jetcart.connector.ui.menu import MENU
from jetcart.connector.ui.site import render_page


def not_built_yet(request):
    slug = request.resolver_match.namespace.split(":")[-1].removeprefix("jet-")
    entry = next(e for e in MENU if e.slug == slug)
    return render_page(request, "jetcart/not_built_yet.html", {"entry": entry}, title=entry.title)
