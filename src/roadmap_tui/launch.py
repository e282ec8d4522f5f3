"""``make_app``: the one factory the CLI, the tests and the benchmarks build the app with."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from roadmap_tui.app import RoadmapApp


def make_app(
    paths: list[Path],
    *,
    today: dt.date | None = None,
    notice: str | None = None,
    folders: list[Path] | None = None,
    watch: bool = True,
    owner: str | None = None,
    read_only: bool = False,
    locked: bool = False,
    standup_order: list[str] | None = None,
    timebox: float | None = None,
    since: str | None = None,
    theme: str | None = None,
    present: bool = False,
    as_of_plans: bool = False,
    settle_memory: bool = False,
) -> RoadmapApp:
    """Build the app over plan files (folders are searched for ``*.toml`` plans).

    Args:
        paths: plan files, or folders of them.
        today: the date to compute from; None means the real date, rolling over at midnight.
        notice: a line for the header (e.g. that these are copies of the sample plans).
        folders: extra folders to watch for new plan files.
        watch: follow changes on disk (tests of static screens turn it off).
        owner: start focused on this person's items.
        read_only: start locked: no key changes a file.
        locked: read-only for good: ``L`` does not unlock (a shared dashboard).
        standup_order: who the standup walk visits first.
        timebox: seconds per person in the walk before the timer turns amber.
        since: what the Changes view compares with (a date, 3d, or a git ref).
        theme: the theme for this run (None: the one saved in the settings, else the default).
        present: start in presenter mode.
        as_of_plans: show each plan as of its own ``[plan] as_of`` (the samples), unless
            ``today`` is given.
        settle_memory: once every plan is read, keep what start-up built out of the garbage
            collector's full passes (the command does; a process running many apps must not).
    """
    from roadmap_tui.store.loader import is_folder, plan_files

    watched = list(folders or []) + [p for p in paths if is_folder(p)]
    return RoadmapApp(
        plan_files(paths),
        folders=watched,
        today=today,
        notice=notice,
        watch=watch,
        owner=owner,
        read_only=read_only or locked,
        locked=locked,
        standup_order=standup_order,
        timebox=timebox,
        since=since,
        theme=theme,
        present=present,
        as_of_plans=as_of_plans,
        settle_memory=settle_memory,
    )
