"""The stand-in case system (Sensum-like): citizens, grants and registered payments."""
