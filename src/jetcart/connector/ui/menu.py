"""The Jet menu, in the manual's order; each entry names the URL module that serves its pages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MenuEntry:
    slug: str
    title: str
    purpose: str
    urls: str  # dotted path of the urls module serving the entry under /jet/<slug>/

    @property
    def url_name(self) -> str:
        return f"admin:jet-{self.slug}:index"


MENU: list[MenuEntry] = [
    MenuEntry("configuration", "Configuration", "Jet API keys, fulfillment node, return address, rules and schedules.",
              "jetcart.connector.ui.configuration.urls"),
    MenuEntry("activate-api", "Activate API", "The test calls Jet requires before it issues live keys.",
              "jetcart.connector.ui.activation.urls"),
    MenuEntry("categories", "Categories", "Jet's category taxonomy and each category's attributes.",
              "jetcart.connector.ui.categories.urls"),
    MenuEntry("category-mapping", "Category Mapping", "Which Jet category each store category's products go to.",
              "jetcart.connector.ui.category_mapping.urls"),
    MenuEntry("field-mapping", "Field Mapping", "Which store field fills each Jet product field.",
              "jetcart.connector.ui.field_mapping.urls"),
    MenuEntry("products", "Products", "Upload, archive, sync and follow the store's products on Jet.",
              "jetcart.connector.ui.products.urls"),
    MenuEntry("rejected-files", "Rejected Files", "Files Jet rejected, with its errors, to fix and resubmit.",
              "jetcart.connector.ui.rejected_files.urls"),
    MenuEntry("orders", "Orders", "Jet orders: acknowledge, ship, cancel.", "jetcart.connector.ui.orders.urls"),
    MenuEntry("rejected-orders", "Rejected Orders", "Jet orders that could not be filled, with the reason.",
              "jetcart.connector.ui.rejected_orders.urls"),
    MenuEntry("returns", "Returns", "Returns opened by Jet customers, to review and complete.",
              "jetcart.connector.ui.returns.urls"),
    MenuEntry("refunds", "Refunds", "Refunds for goods returned to the merchant directly.",
              "jetcart.connector.ui.refunds.urls"),
    MenuEntry("cron-status", "Cron Status", "Each scheduled job's last run, outcome and next run.",
              "jetcart.connector.ui.cron_status.urls"),
]
