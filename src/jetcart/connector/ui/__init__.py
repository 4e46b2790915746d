"""The merchant UI: the jetcart admin site, its Jet menu and the pages behind it."""
