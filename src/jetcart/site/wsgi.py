"""WSGI entry point for jetcart's web server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jetcart.site.settings")
application = get_wsgi_application()
