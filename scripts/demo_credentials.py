"""Prints shell exports for the demo robot: its user from a bundle's users.json (the same user in
all three systems) and the bundle's own settings from expected.json."""

import json
import shlex
import sys

with open(sys.argv[1], encoding="utf-8") as handle:
    users = json.load(handle)
robot = next(u for u in users if u["role"] == "robot")
for system in ("ERP", "CASE", "BENEFITS"):
    print(f"export ROBOT_{system}_USER={shlex.quote(robot['username'])}")
    print(f"export ROBOT_{system}_PASSWORD={shlex.quote(robot['password'])}")
with open(sys.argv[2], encoding="utf-8") as handle:
    settings = json.load(handle)["settings"]
for name in ("today", "sample_rate", "approval_limit", "amount_tolerance", "learned_limit"):
    if name in settings:
        print(f"export ROBOT_{name.upper()}={shlex.quote(str(settings[name]))}")
