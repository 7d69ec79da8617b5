"""Generation: a served model writes problems and candidate solutions; only verified samples come out."""
