"""The benefits system's screens as the robot uses them."""
