"""The stand-in case system (Sensum-like): citizens, grants with their rates,
registered payments and doctors' certificate orders."""
