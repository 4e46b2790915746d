"""The merchant's permissions on the Jet pages (no table: a holder for Django permissions and the roles)."""

from __future__ import annotations

from django.db import models


class JetAccess(models.Model):
    """Holds the Jet permissions; the roles (groups) that combine them are created by migration 0012."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_jet", "Can view the Jet pages"),
            ("operate_orders", "Can acknowledge, ship and cancel orders, complete returns, send refunds, run jobs"),
            ("manage_catalog", "Can change categories, mappings and products on Jet"),
            ("administer_jet", "Can change the configuration, the Jet keys and the cron token"),
        ]
