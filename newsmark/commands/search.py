"""`newsmark search`: fuzzy search of past annotations."""
