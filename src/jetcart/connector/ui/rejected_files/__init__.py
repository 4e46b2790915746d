"""The Rejected Files page (manual, "Rejected Files")."""
