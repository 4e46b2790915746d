"""URL routes of the Jet API emulator, mounted at /jet/api in the demo and /api standalone.

The partner-portal pages are ordinary Django views; everything else goes to one dispatcher that
matches Jet's paths case-insensitively with optional trailing slashes (see transport/router.py).
"""

from django.urls import path, re_path

from jetcart.sandbox.portal import views as portal
from jetcart.sandbox.transport.router import dispatch

app_name = "sandbox"

urlpatterns = [
    path("portal/", portal.home, name="portal"),
    path("portal/merchants/<str:merchant_id>/", portal.merchant_page, name="portal-merchant"),
    path("portal/merchants/<str:merchant_id>/generate-orders", portal.generate_orders, name="portal-generate-orders"),
    path("portal/merchants/<str:merchant_id>/generate-return", portal.generate_return, name="portal-generate-return"),
    re_path(r"^(?P<subpath>.*)$", dispatch),
]
