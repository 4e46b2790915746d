"""The Cron Status page (the manual's "Cron Status"): jobs, their runs, the cron URLs and the activity log."""
