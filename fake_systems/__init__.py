"""Stand-in ERP and case system that the robot drives through a browser."""
