"""Scripts run by the peers' own virtualenvs (never imported by eventwire): JSON in on stdin, JSON out."""
