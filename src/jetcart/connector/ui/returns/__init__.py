"""The Returns pages (the manual's "Create Jet Return"): grid with Fetch Returns, the view/complete form."""
