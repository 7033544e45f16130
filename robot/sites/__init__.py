"""What every page object shares: navigation, login, reading a screen in one call, site errors."""
