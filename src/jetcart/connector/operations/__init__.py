"""Operations: activation, dashboard, activity log, scheduled jobs and the connection test."""
