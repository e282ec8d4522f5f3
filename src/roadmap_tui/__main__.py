"""Run roadmap-tui with ``python -m roadmap_tui``."""

from roadmap_tui.cli import main

if __name__ == "__main__":
    main()
