"""Hand-written merge tables: type families and the similarity weights."""
