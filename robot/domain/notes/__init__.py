"""The Danish notes the robot writes on invoices it leaves to a person: ``[CODE]``, why, what
would make the robot pay it (only actions the systems offer), and the posting to copy."""
