"""Reading, writing and watching plan files. Imports neither textual nor rich."""
