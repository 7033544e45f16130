"""The ways to pay, one module each, and the table that routes an invoice to one (table.py)."""
