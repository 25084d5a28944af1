"""`newsmark keys`: the effective key bindings."""
