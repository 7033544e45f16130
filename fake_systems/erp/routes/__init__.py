"""The ERP's routers, one per resource."""
