"""What both stand-ins share: sessions, login, CSRF, roles, audit, errors, templates, formatting."""
