"""Prints shell exports of the demo robot user's credentials from a bundle's users.json."""

import json
import shlex
import sys

with open(sys.argv[1], encoding="utf-8") as handle:
    users = json.load(handle)
robot = next(u for u in users if u["role"] == "robot")
for system in ("ERP", "CASE"):
    print(f"export ROBOT_{system}_USER={shlex.quote(robot['username'])}")
    print(f"export ROBOT_{system}_PASSWORD={shlex.quote(robot['password'])}")
