"""Who may do what on the Jet pages: reading needs view_jet; a change (any POST) needs its section's permission."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, URLResolver

VIEW = "connector.view_jet"
OPERATE = "connector.operate_orders"
CATALOG = "connector.manage_catalog"
ADMINISTER = "connector.administer_jet"

# The permission a change on each Jet menu entry needs (see the roles in docs/deploy.md).
CHANGE_PERMISSION: dict[str, str] = {
    "configuration": ADMINISTER,
    "activate-api": ADMINISTER,
    "categories": CATALOG,
    "category-mapping": CATALOG,
    "field-mapping": CATALOG,
    "products": CATALOG,
    "rejected-files": CATALOG,
    "orders": OPERATE,
    "rejected-orders": OPERATE,
    "returns": OPERATE,
    "refunds": OPERATE,
    "cron-status": OPERATE,
}
# Pages (entry slug, URL name) whose every use, reading included, or whose changes need more than the entry's rule.
PAGE_PERMISSION: dict[tuple[str, str], str] = {
    ("cron-status", "token"): ADMINISTER,
    ("cron-status", "log-level"): ADMINISTER,
}
READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def required_permission(slug: str, url_name: str | None, method: str) -> str:
    if (slug, url_name or "") in PAGE_PERMISSION:
        return PAGE_PERMISSION[(slug, url_name or "")]
    if method.upper() in READ_METHODS:
        return VIEW
    return CHANGE_PERMISSION.get(slug, ADMINISTER)


def guarded(view, slug: str, url_name: str | None):
    """The view, answering 403 to a logged-in user without the permission the request needs."""

    @wraps(view)
    def check(request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(required_permission(slug, url_name,
                                                                                           request.method)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return check


def guard_patterns(patterns: list, slug: str) -> list:
    """The URL patterns of one Jet menu entry, each view wrapped in its permission check."""
    result = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            result.append(URLResolver(pattern.pattern, guard_patterns(pattern.url_patterns, slug),
                                      pattern.default_kwargs, pattern.app_name, pattern.namespace))
        elif isinstance(pattern, URLPattern):
            result.append(URLPattern(pattern.pattern, guarded(pattern.callback, slug, pattern.name),
                                     pattern.default_args, pattern.name))
        else:
            result.append(pattern)
    return result
