"""Cron URLs: one URL per scheduled job, for merchants who drive jetcart from the system cron."""
