"""OpenCart table declarations (only the columns the gateway uses), built for any table prefix."""
