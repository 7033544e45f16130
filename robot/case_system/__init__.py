"""The case system's screens as the robot uses them."""
