"""nlp components package."""
