"""eventwire: news in, structured and sourced events out."""
__version__ = "0.1.0"
