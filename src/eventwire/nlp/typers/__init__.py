"""Event typers: the pluggable step that finds trigger words in a sentence and gives their PLOVER type."""
