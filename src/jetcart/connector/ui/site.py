"""The jetcart admin site: login everywhere, and a "Jet" section whose menu follows the manual."""

from __future__ import annotations

from django.contrib import admin
from django.shortcuts import render
from django.urls import include, path, reverse

from jetcart.connector.ui.menu import MENU, MenuEntry


class JetcartAdminSite(admin.AdminSite):
    site_header = "jetcart"
    site_title = "jetcart"
    index_title = "OpenCart ↔ Jet"
    index_template = "jetcart/dashboard.html"

    def index(self, request, extra_context=None):
        """The admin home is the dashboard, above the usual list of sections."""
        from jetcart.connector.dashboard import build_dashboard

        return super().index(request, {"dashboard": build_dashboard(), **(extra_context or {})})

    def get_urls(self):
        jet_urls = []
        for entry in MENU:
            jet_urls.append(path(f"jet/{entry.slug}/", include((entry.urls, f"jet-{entry.slug}"))))
        jet_urls.append(path("jet/stock-watch/", include(("jetcart.connector.ui.stock_watch.urls", "jet-stock-watch"))))
        return jet_urls + super().get_urls()

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if app_label in (None, "jet"):
            app_list.insert(0, self._jet_section())
        return app_list

    def _jet_section(self) -> dict:
        models = [
            {
                "name": entry.title,
                "object_name": entry.slug,
                "admin_url": reverse(entry.url_name),
                "add_url": None,
                "view_only": True,
                "perms": {"view": True},
            }
            for entry in MENU
        ]
        return {"name": "Jet", "app_label": "jet", "app_url": models[0]["admin_url"], "has_module_perms": True,
                "models": models}


def render_page(request, template: str, context: dict | None = None, *, title: str = ""):
    """Renders a Jet page inside the admin layout (menu, breadcrumbs, user tools)."""
    page = dict(admin.site.each_context(request))
    page.update({"title": title, "jet_menu": MENU})
    page.update(context or {})
    return render(request, template, page)


def entry_for(slug: str) -> MenuEntry:
    return next(e for e in MENU if e.slug == slug)
