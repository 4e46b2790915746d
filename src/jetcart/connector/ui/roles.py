"""The merchant roles: Django groups combining the Jet permissions, kept present after every migrate."""

from __future__ import annotations

ROLES: dict[str, list[str]] = {
    "Jet viewer": ["view_jet"],
    "Jet operator": ["view_jet", "operate_orders"],
    "Jet catalog manager": ["view_jet", "manage_catalog"],
    "Jet administrator": ["view_jet", "operate_orders", "manage_catalog", "administer_jet"],
}


def ensure_roles(using: str = "default") -> None:
    """Creates any missing role with its permissions (a role an administrator changed keeps its changes)."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from jetcart.connector.models import JetAccess

    content_type = ContentType.objects.db_manager(using).get_for_model(JetAccess, for_concrete_model=False)
    names = dict(JetAccess._meta.permissions)
    permissions = {
        codename: Permission.objects.using(using).get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name})[0]
        for codename, name in names.items()
    }
    for role, codenames in ROLES.items():
        group, created = Group.objects.using(using).get_or_create(name=role)
        if created:
            group.permissions.add(*(permissions[c] for c in codenames))


def ensure_roles_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """post_migrate: the roles exist after `jetcart migrate`, and after a test database is flushed."""
    from django.db import router

    if router.allow_migrate(using, "auth") and router.allow_migrate(using, "connector"):
        ensure_roles(using)
