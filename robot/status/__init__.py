"""`robot status`: what the robot is doing and what needs a person, read from the journal."""
