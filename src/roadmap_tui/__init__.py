"""roadmap-tui: a keyboard-driven terminal dashboard over project plans kept as TOML files."""

__version__ = "0.1.0"
