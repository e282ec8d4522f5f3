"""The ``roadmap-tui`` command group: ``open`` (the default), ``check``, ``schema`` and ``show``.

Further commands live in modules of this package and are registered in ``_register_commands``.

No argument or file name ends in a traceback: bad values are usage errors (exit 2), files that
cannot be read are reported and the others still handled. Everything printed that came from
outside (file names, arguments quoted back, click's own messages) passes the terminal-text gate
(``model.safe_text``), and output the terminal's encoding cannot show is escaped, not fatal.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import click

from roadmap_tui.model.safe_text import safe_name, safe_text
from roadmap_tui.store.loader import LoadResult, is_folder, load_file, plan_files


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"'{safe_name(value)}' is not a date in the form YYYY-MM-DD"
        ) from None


def _duration(_ctx: click.Context, _param: click.Parameter, value: str | None) -> float | None:
    if value is None:
        return None
    from roadmap_tui.model.standup import parse_duration

    try:
        return parse_duration(value)
    except (ValueError, OverflowError) as error:
        raise click.BadParameter(safe_text(str(error))) from None


def _theme(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from roadmap_tui.themes import shipped_themes

    names = sorted(shipped_themes())
    if value == "list":
        click.echo("\n".join(names))
        sys.exit(0)
    if value not in names:
        raise click.BadParameter(f"{value!r} is not a theme; one of: {', '.join(names)}")
    return value


_GROUP_OPTIONS = ("--help", "-h", "--version")


class _DefaultToOpen(click.Group):
    """A group whose bare form, ``roadmap-tui [PATH…]``, means ``roadmap-tui open [PATH…]``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in _GROUP_OPTIONS):
            args = ["open", *args]
        return super().parse_args(ctx, args)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run a command; click's own error messages pass the terminal-text gate too."""
        _tolerant_streams()
        if not kwargs.get("standalone_mode", True):
            return super().main(*args, **kwargs)
        try:
            result = super().main(*args, **{**kwargs, "standalone_mode": False})
        except click.ClickException as error:
            # They quote arguments back ("No such option: …"), and an argument may hold anything.
            error.message = safe_text(error.message)  # type: ignore[misc]  # Final in stubs only
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def _tolerant_streams() -> None:
    """Output the terminal's encoding cannot show (CJK under latin-1) is escaped, not fatal."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a detached or closed stream: leave it
                continue


@click.group(cls=_DefaultToOpen, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="roadmap-tui")
def main() -> None:
    """A keyboard-driven dashboard over project plans kept as TOML files.

    With no command, opens the dashboard on PATHs (plan files or folders of them).
    """


#: The widest ``show --width`` prints for: wider is no terminal, and costs memory for nothing.
MAX_WIDTH = 1000

today_option = click.option(
    "--today",
    callback=_date,
    metavar="YYYY-MM-DD",
    help="The date everything is computed from (default: the real date).",
)


@main.command("open")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@today_option
@click.option("--owner", metavar="NAME", help="Start showing only this person's items.")
@click.option("--read-only", is_flag=True, help="No key changes a file (L unlocks).")
# Sharing (serve) passes --locked: read-only, and L cannot unlock it from the browser.
@click.option("--locked", is_flag=True, hidden=True)
@click.option(
    "--theme", callback=_theme, metavar="NAME", help="Theme for this run (see --theme list)."
)
@click.option("--present", is_flag=True, help="Start in presenter mode (f toggles it).")
@click.option(
    "--order",
    metavar="NAMES",
    help="Who the standup walk (S) visits first, comma-separated; the rest follow A-Z.",
)
@click.option(
    "--timebox",
    callback=_duration,
    metavar="DURATION",
    help="Soft time per person in the standup walk, e.g. 2m or 90s.",
)
@click.option(
    "--since",
    metavar="WHEN",
    help="What the Changes view (c) compares with: a date, a duration (3d) or a git ref; "
    "default the last standup (S, then escape), else 24 hours ago.",
)
@click.option(
    "--fresh-samples",
    is_flag=True,
    help="With no PATH: start from the shipped sample plans again (the old copy is kept).",
)
def open_command(
    paths: tuple[Path, ...],
    today: dt.date | None,
    owner: str | None,
    read_only: bool,
    locked: bool,
    theme: str | None,
    present: bool,
    order: str | None,
    timebox: float | None,
    since: str | None,
    fresh_samples: bool,
) -> None:
    """Open the dashboard (the default command)."""
    from roadmap_tui.launch import make_app
    from roadmap_tui.sources import resolve_sources

    sources = resolve_sources(list(paths), Path.cwd(), fresh_samples=fresh_samples)
    if not sources.files:
        _fail(sources.message or "no plan files found")
    if since is not None:
        _check_since(since, sources.files)
    standup_order = [name.strip() for name in (order or "").split(",") if name.strip()]
    if standup_order:
        _check_order(standup_order, sources.files)
    app = make_app(
        sources.files,
        today=today,
        notice=sources.notice,
        folders=sources.folders,
        owner=owner,
        read_only=read_only or locked,
        locked=locked,
        theme=theme,
        present=present,
        standup_order=standup_order,
        timebox=timebox,
        since=since,
        as_of_plans=sources.samples,
        settle_memory=True,
    )
    app.run()
    sys.exit(app.return_code or 0)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    """Check plan files: print every problem as file:line:col, exit 1 on any error."""
    failed = False
    for path in paths:
        # A folder that cannot be listed is a problem of its own; the other paths go on.
        reason = _unlistable(path)
        if reason is not None:
            click.echo(f"{safe_name(path)}: cannot read the folder: {reason}")
            failed = True
    files = plan_files(list(paths))
    if not files:
        _fail("no plan files found in " + ", ".join(safe_name(p) for p in paths))
    for path in files:
        result = load_file(path)
        for problem in result.problems:
            click.echo(str(problem))
        failed = failed or bool(result.errors)
        click.echo(_summary(result))
    sys.exit(1 if failed else 0)


def _unlistable(path: Path) -> str | None:
    """Why the folder ``path`` cannot be listed, or None (also when it is not a folder)."""
    if not is_folder(path):
        return None
    try:
        with os.scandir(path):
            return None
    except OSError as error:
        return error.strerror or str(error)


def _summary(result: LoadResult) -> str:
    errors, warnings = len(result.errors), len(result.warnings)
    notes = []
    if errors:
        notes.append(f"{errors} error{'s' * (errors != 1)}")
    if warnings:
        notes.append(f"{warnings} warning{'s' * (warnings != 1)}")
    plan = result.plan
    shown = safe_name(result.path)
    if plan is None:
        return f"{shown}: FAILED ({', '.join(notes)})"
    counts = ", ".join(
        f"{len(items)} {name}"
        for name, items in (
            ("phases", plan.phases),
            ("milestones", plan.milestones),
            ("tasks", plan.tasks),
            ("risks", plan.risks),
            ("KPIs", plan.kpis),
        )
    )
    suffix = f" ({', '.join(notes)})" if notes else ""
    return f"{shown}: ok, {counts}{suffix}"


@main.command()
def schema() -> None:
    """Print the plan format's JSON Schema (for taplo / Even Better TOML)."""
    from roadmap_tui.schema import schema_text

    click.echo(schema_text(), nl=False)


def _warn_unknown_owner(owner: str, plans: list[Any]) -> None:
    """Say so when ``--owner`` names nobody in the plans: an empty view is not "all clear"."""
    from roadmap_tui.model.owners import owners
    from roadmap_tui.render.empty import unknown_owner

    if owner not in owners(plans):
        click.echo(f"roadmap-tui: {unknown_owner(owner)}", err=True)


def _check_order(order: list[str], files: list[Path]) -> None:
    """``--order`` naming someone no plan mentions is a usage error (exit 2): a typo would be a
    walk stop with nothing to show, and a warning on stderr would be hidden behind the screen.

    Not when a file fails to load: the name may be in it, and the app shows why it failed.
    """
    from roadmap_tui.model.owners import owners
    from roadmap_tui.model.standup import people_order, unmentioned
    from roadmap_tui.render.empty import unknown_walkers

    plans = [load_file(path).plan for path in files]
    loaded = [plan for plan in plans if plan is not None]
    if len(loaded) < len(plans):
        return
    missing = unmentioned(loaded, order)
    if missing:
        known = sorted({*owners(loaded), *people_order(loaded)}, key=str.casefold)
        raise click.BadParameter(unknown_walkers(missing, known), param_hint="'--order'")


def _fail(message: str, code: int = 1) -> Any:
    click.echo(f"roadmap-tui: {safe_text(message)}", err=True)
    sys.exit(code)


def _check_since(since: str | None, files: list[Path]) -> Any:
    """``--since`` as a point in the past for these plans, or a usage error (exit 2).

    History happens in real time: durations count back from now whatever ``--today`` says,
    and the default is the last standup over these plans, else 24 hours ago.
    """
    from roadmap_tui.store.history import parse_since, revision_problem
    from roadmap_tui.store.standups import folders_of, last_standup

    try:
        point = parse_since(since, last_standup=last_standup(folders_of(files)))
    except ValueError as error:
        raise click.BadParameter(safe_text(str(error)), param_hint="'--since'") from None
    problem = revision_problem(point, files)
    if problem is not None:
        raise click.BadParameter(problem, param_hint="'--since'")
    return point


def _show_files(paths: tuple[Path, ...]) -> list[Path]:
    """The plan files ``show`` prints: those named, else the sample plans shipped with the app."""
    from roadmap_tui.sources import bundled_samples

    # Only read, never written, so the package's own samples are used rather than a copy.
    return plan_files(list(paths) if paths else [bundled_samples()])


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@today_option
@click.option(
    "--width",
    type=click.IntRange(min=40, max=MAX_WIDTH),
    metavar="N",
    help="Print for a terminal N cells wide (default: the terminal's width).",
)
@click.option(
    "--since",
    metavar="WHEN",
    help="Print what changed since WHEN instead of the panels: a date (YYYY-MM-DD), a duration "
    "(12h, 3d, 2w) or a git revision (HEAD~1, a tag). Plans must be in a git repository.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["rich", "markdown", "text"]),
    default="rich",
    show_default=True,
    help="How to print; markdown and text print the changes (since the last standup, else "
    "24 hours ago, by default).",
)
@click.option(
    "--view",
    type=click.Choice(["dashboard", "timeline"]),
    default="dashboard",
    show_default=True,
    help="timeline: phases, milestones and tasks on a date axis, with dependencies and slips.",
)
@click.option("--owner", metavar="NAME", help="Show only this person's items, as o does.")
def show(
    paths: tuple[Path, ...],
    today: dt.date | None,
    width: int | None,
    since: str | None,
    output_format: str,
    view: str,
    owner: str | None,
) -> None:
    """Print the dashboard's panels once, without the interactive app; exit 1 if a plan failed.

    With --since (or --format markdown/text), print what changed instead, per plan and per person.
    """
    from rich.console import Console

    from roadmap_tui.render import dashboard

    files = _show_files(paths)
    if not files:
        _fail("no plan files found" + (" in " + ", ".join(map(safe_name, paths)) if paths else ""))
    if view == "timeline":
        from roadmap_tui.cli.timeline import show_timeline

        show_timeline(files, today, width, output_format)
    # Plan text is printed as Text objects; markup, emoji codes and highlighting stay off so
    # nothing in a plan is ever interpreted. Rich itself honours NO_COLOR.
    console = Console(width=width, highlight=False, markup=False, emoji=False)
    if since is not None or output_format != "rich":
        _show_changes(files, since, output_format, console)
        return
    results = [load_file(path) for path in files]
    if owner is not None:
        _warn_unknown_owner(owner, [r.plan for r in results if r.plan is not None])
    day = today or dt.date.today()
    # The shipped samples describe their own day: shown as of it unless --today says otherwise.
    as_of = not paths and today is None
    console.print(dashboard(results, day, console.width, owner=owner, as_of_plans=as_of))
    sys.exit(1 if any(result.plan is None for result in results) else 0)


def _show_changes(files: list[Path], since: str | None, output_format: str, console: Any) -> None:
    """``show --since``: print the changes in ``files``; exit 1 if a plan cannot be read now."""
    from roadmap_tui.render.changes import changes_markdown, changes_renderable, changes_text
    from roadmap_tui.store.history import changes_since

    point = _check_since(since, files)
    report = changes_since(files, point)
    if output_format == "markdown":
        click.echo(changes_markdown(report), nl=False)
    elif output_format == "text":
        click.echo(changes_text(report), nl=False)
    else:
        console.print(changes_renderable(report))
    sys.exit(0 if all(file.readable for file in report.files) else 1)


# Commands that live in modules of their own (one module per command, so they change
# independently) are registered here, one line each.
def _register_commands() -> None:
    """Add the commands defined in ``roadmap_tui.cli.<name>`` modules to ``main``."""
    from roadmap_tui.cli import git_setup, merge
    from roadmap_tui.cli.export import export_command
    from roadmap_tui.cli.import_md import import_command
    from roadmap_tui.cli.recover import recover
    from roadmap_tui.cli.serve import serve_command

    main.add_command(merge.merge)
    main.add_command(git_setup.git_setup)
    main.add_command(recover)
    main.add_command(import_command)
    main.add_command(export_command)
    main.add_command(serve_command)


_register_commands()
