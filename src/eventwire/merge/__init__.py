"""merge package."""
