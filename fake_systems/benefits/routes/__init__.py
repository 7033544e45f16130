"""One router per resource: citizens, agreements, payouts."""
