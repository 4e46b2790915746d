"""App configs of the project package: the jetcart admin site replaces Django's default one."""

from django.contrib.admin.apps import AdminConfig


class JetcartAdminConfig(AdminConfig):
    default_site = "jetcart.connector.ui.site.JetcartAdminSite"
