"""The page shown for a Jet menu entry whose capability has not been built yet."""
