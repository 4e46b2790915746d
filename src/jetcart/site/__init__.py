"""The Django project around the apps: settings, URLs, WSGI, command line and demo launcher."""
