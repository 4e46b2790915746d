"""The dashboard's clone guard action: confirm this installation and resume writes to Jet."""
