"""newsmark: read news critically in the terminal; mark claims, attributions and disputes."""

__version__ = "0.1.0"
