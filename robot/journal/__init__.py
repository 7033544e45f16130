"""The journal: each invoice's steps, claims and outcomes across runs, processes and hosts."""
