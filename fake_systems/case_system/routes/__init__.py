"""The case system's routers, one per resource."""
