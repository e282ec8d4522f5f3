"""Pure plan data and rules. Imports neither textual nor rich."""
