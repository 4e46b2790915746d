"""The configuration page (the manual's "Jet Configuration Settings")."""
