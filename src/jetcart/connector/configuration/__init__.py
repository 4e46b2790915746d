"""The Jet configuration: the page's and the command line's use cases, and which Jet API URLs may get the keys."""
