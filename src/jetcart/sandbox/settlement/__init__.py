"""Settlement reports (weekly, computed from the sandbox's own orders and returns) and requested reports."""
