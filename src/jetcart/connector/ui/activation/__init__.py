"""The "Activate API" page: the manual's three activation steps, each with a Send button and its last result."""
