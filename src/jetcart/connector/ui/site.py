"""The jetcart admin site: login everywhere, and a "Jet" section whose menu follows the manual."""

from __future__ import annotations

import logging
from importlib import import_module

from django.contrib import admin
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import include, path, reverse

from jetcart.connector.ui.access import VIEW, guard_patterns
from jetcart.connector.ui.menu import MENU

log = logging.getLogger(__name__)


def read_catalog_once() -> None:
    """Each dashboard visit until the store's catalog was read once starts reading it (as the products grid does)."""
    from jetcart.connector.products.tasks import read_catalog_unless_read

    try:
        read_catalog_unless_read()
    except Exception:  # no store configured or unreachable: the dashboard still shows what jetcart holds
        log.warning("could not start reading the store's catalog", exc_info=True)


class JetcartAdminSite(admin.AdminSite):
    site_header = "jetcart"
    site_title = "jetcart"
    index_title = "OpenCart ↔ Jet"
    index_template = "jetcart/dashboard.html"

    def index(self, request, extra_context=None):
        """The admin home is the dashboard (for users who may see the Jet pages), above the usual sections."""
        from jetcart.connector.operations.dashboard import build_dashboard
        from jetcart.connector.operations.sandbox_portal import partner_portal_url

        if not request.user.has_perm(VIEW):  # Django's plain index: the sections this user may see
            request.current_app = self.name
            context = {**self.each_context(request), "title": self.index_title, "subtitle": None,
                       "app_list": self.get_app_list(request), **(extra_context or {})}
            return TemplateResponse(request, "admin/index.html", context)
        read_catalog_once()
        return super().index(request, {"dashboard": build_dashboard(), "portal_url": partner_portal_url(),
                                       **(extra_context or {})})

    def get_urls(self):
        jet_urls = []
        for entry in MENU:
            patterns = guard_patterns(import_module(entry.urls).urlpatterns, entry.slug)
            jet_urls.append(path(f"jet/{entry.slug}/", include((patterns, f"jet-{entry.slug}"))))
        stock_watch = import_module("jetcart.connector.ui.stock_watch.urls").urlpatterns
        jet_urls.append(path("jet/stock-watch/", include((guard_patterns(stock_watch, "stock-watch"), "jet-stock-watch"))))
        return jet_urls + super().get_urls()

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if app_label in (None, "jet") and request.user.has_perm(VIEW):
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


