"""The stand-in benefits system (ydelsessystem): rent agreements, payouts and rent deductions."""
