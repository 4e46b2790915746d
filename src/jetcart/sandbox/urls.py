"""URL routes of the Jet API emulator, mounted at /jet/api in the demo and /api standalone."""

urlpatterns: list = []
