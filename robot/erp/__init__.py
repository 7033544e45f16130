"""The ERP's screens as the robot uses them."""
