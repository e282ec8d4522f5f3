"""The CLI against hostile arguments and file names: no traceback, no raw control character on
the terminal, usage errors exit 2, problems exit 1 after every file was looked at.

`open` is only run where it must fail before the app starts, in a subprocess with a timeout, so
a regression shows as a failure rather than a hung test run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from plan_texts import GOOD

from roadmap_tui.cli import main

#: Retitles the window (OSC 0), clears the screen (CSI 2J), reverses the line (U+202E).
NASTY = "x\x1b]0;pwned\x07\x1b[2J\u202ey"
NASTY_SHOWN = "x\\x1b]0;pwned\\x07\\x1b[2J\\u202ey"
TOO_LONG = "a" * 300 + ".toml"

PLAN_CJK = '[plan]\nname = "核心计划"\n\n[[milestones]]\nid = "M1"\ntitle = "服务发现"\n' + (
    'due = 2025-03-01\nstatus = "todo"\n'
)


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[int, str]:
    """The installed entry point in a subprocess: (exit code, stdout + stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "roadmap_tui", *args],
        capture_output=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    out = (done.stdout + done.stderr).decode("utf-8", errors="replace")
    assert "Traceback" not in out, out
    return done.returncode, out


def no_controls(text: str) -> None:
    for char in ("\x1b", "\x07", "\u202e", "\x9b"):
        assert char not in text, repr(text)


@pytest.fixture(autouse=True)
def outside_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever folders tmp_path is in, git does not look above it.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


# -- file names through the gate ----------------------------------------------------------------


def test_check_shows_hostile_file_names_escaped(tmp_path: Path) -> None:
    good = tmp_path / f"{NASTY}.toml"
    good.write_text(GOOD, encoding="utf-8")
    missing = tmp_path / f"gone{NASTY}.toml"
    code, out, err = cli("check", str(good), str(missing))
    no_controls(out + err)
    assert code == 1
    assert out.replace(str(tmp_path) + "/", "").splitlines() == [
        f"{NASTY_SHOWN}.toml: ok, 1 phases, 1 milestones, 0 tasks, 0 risks, 0 KPIs",
        f"gone{NASTY_SHOWN}.toml: no such file",
        f"gone{NASTY_SHOWN}.toml: FAILED (1 error)",
    ]


def test_show_heads_a_plan_with_its_file_name_escaped(tmp_path: Path) -> None:
    good = tmp_path / f"{NASTY}.toml"
    good.write_text(GOOD, encoding="utf-8")
    code, out, err = cli("show", str(good), "--width", "200", "--today", "2024-10-01")
    no_controls(out + err)
    assert code == 0
    assert f"Dispa  {tmp_path}/{NASTY_SHOWN}.toml" in out


def test_a_file_name_that_is_not_utf8_is_shown_byte_by_byte(tmp_path: Path) -> None:
    name = os.fsdecode(b"plan\xff\x1b.toml")
    (tmp_path / name).write_text(GOOD, encoding="utf-8")
    code, out = run("check", name, cwd=tmp_path)
    assert code == 0
    assert out == "plan\\xff\\x1b.toml: ok, 1 phases, 1 milestones, 0 tasks, 0 risks, 0 KPIs\n"


def test_no_plan_files_names_the_folder_escaped(tmp_path: Path) -> None:
    folder = tmp_path / NASTY
    folder.mkdir()
    for args in (("check", str(folder)), ("show", str(folder))):
        code, out, err = cli(*args)
        no_controls(out + err)
        assert code == 1
        assert err == f"roadmap-tui: no plan files found in {folder.parent}/{NASTY_SHOWN}\n"


def test_open_says_no_such_file_with_the_name_escaped(tmp_path: Path) -> None:
    code, out = run("open", f"gone{NASTY}.toml", cwd=tmp_path)
    no_controls(out)
    assert (code, out) == (1, f"roadmap-tui: gone{NASTY_SHOWN}.toml: no such file or folder\n")
    empty = tmp_path / NASTY
    empty.mkdir()
    code, out = run(NASTY, cwd=tmp_path)
    no_controls(out)
    assert (code, out) == (1, f"roadmap-tui: no plan files (*.toml) in {NASTY_SHOWN}\n")


def test_show_prints_a_failed_plan_name_and_its_keys_escaped(tmp_path: Path) -> None:
    plan = tmp_path / f"{NASTY}.toml"
    # The same key twice, written with escapes: tomllib's error names it, raw.
    plan.write_text(
        '[plan]\nname = "x"\n\n["\\u001b]0;pwned\\u0007"]\na = 1\n\n["\\u001b]0;pwned\\u0007"]\n',
        encoding="utf-8",
    )
    code, out, err = cli("show", str(plan), "--width", "200")
    no_controls(out + err)
    assert code == 1
    assert f"✗ could not load {tmp_path}/{NASTY_SHOWN}.toml" in out
    assert (
        f"{NASTY_SHOWN}.toml:7:1: syntax error: table [\\x1b]0;pwned\\x07] is already defined"
        in out
    )
    code, out, err = cli("check", str(plan))
    no_controls(out + err)
    assert "table [\\x1b]0;pwned\\x07] is already defined above" in out


def test_a_bidi_override_in_a_duplicated_key_is_shown_escaped(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text('[plan]\nname = "x"\n"\u202eabc" = 1\n"\u202eabc" = 2\n', encoding="utf-8")
    code, out, _ = cli("check", str(plan))
    no_controls(out)
    assert code == 1
    assert "plan.toml:4:1: syntax error: " in out and '"\\u202eabc" is already set above' in out


def test_click_quotes_a_hostile_option_without_its_controls() -> None:
    code, out, err = cli("check", f"--bogus{NASTY}")
    no_controls(out + err)
    assert code == 2
    assert "No such option" in err


# -- names the filesystem cannot take, files that cannot be read ------------------------------


def test_a_name_too_long_for_the_filesystem(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(GOOD, encoding="utf-8")
    code, out, _ = cli("check", TOO_LONG, str(good))
    assert code == 1
    assert out.replace(str(tmp_path) + "/", "").splitlines() == [
        f"{TOO_LONG}: cannot read the file: File name too long",
        f"{TOO_LONG}: FAILED (1 error)",
        "good.toml: ok, 1 phases, 1 milestones, 0 tasks, 0 risks, 0 KPIs",
    ]
    code, out, _ = cli("show", TOO_LONG)
    assert code == 1 and "File name too long" in out.replace("\n", "").replace("│", "")
    code, out = run("open", TOO_LONG, cwd=tmp_path)
    assert (code, out) == (1, f"roadmap-tui: {TOO_LONG}: File name too long\n")


def test_check_goes_on_past_files_it_cannot_read(tmp_path: Path) -> None:
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    good = tmp_path / "good.toml"
    good.write_text(GOOD, encoding="utf-8")
    code, out, err = cli("check", str(loop), str(fifo), str(good))
    assert (code, err) == (1, "")
    assert out.replace(str(tmp_path) + "/", "").splitlines() == [
        "loop.toml: cannot read the file: Too many levels of symbolic links",
        "loop.toml: FAILED (1 error)",
        "fifo.toml: is not a regular file",
        "fifo.toml: FAILED (1 error)",
        "good.toml: ok, 1 phases, 1 milestones, 0 tasks, 0 risks, 0 KPIs",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file and list a folder of mode 000")
def test_check_reports_an_unreadable_file_and_folder_and_goes_on(tmp_path: Path) -> None:
    locked = tmp_path / "locked.toml"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    folder = tmp_path / "shut"
    folder.mkdir()
    folder.chmod(0)
    good = tmp_path / "good.toml"
    good.write_text(GOOD, encoding="utf-8")
    try:
        code, out, _ = cli("check", str(locked), str(folder), str(good))
    finally:
        folder.chmod(0o700)
    assert code == 1
    assert out.replace(str(tmp_path) + "/", "").splitlines() == [
        "shut: cannot read the folder: Permission denied",
        "locked.toml: cannot read the file: permission denied",
        "locked.toml: FAILED (1 error)",
        "good.toml: ok, 1 phases, 1 milestones, 0 tasks, 0 risks, 0 KPIs",
    ]


# -- option values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--width", "99999999999999999999"), "is not in the range 40<=x<=1000"),
        (("--width", "39"), "is not in the range 40<=x<=1000"),
        (("--since", "99999999d"), "'99999999d' reaches back before the year 1"),
        (("--since", "0001-01-01"), "'0001-01-01' is too close to the calendar's ends"),
        (("--since", "2025-02-30"), "'2025-02-30' is not a valid date"),
        (("--since", "-x"), "is not a date, a duration (3d, 12h, 2w) or a git revision"),
        (("--since", "no-such-tag"), "the plans are not in a git repository"),
        (("--today", f"2025{NASTY}"), f"'2025{NASTY_SHOWN}' is not a date in the form"),
        (("--format", "pdf"), "'pdf' is not one of"),
    ],
)
def test_bad_show_options_are_usage_errors(
    tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(GOOD, encoding="utf-8")
    code, out, err = cli("show", str(plan), *args)
    no_controls(out + err)
    assert code == 2, out + err
    assert says in " ".join(err.split())


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--since", "99999999d"), "reaches back before the year 1"),
        (("--since", "no-such-tag"), "the plans are not in a git repository"),
        (("--timebox", "forever"), "is not a duration"),
        (("--today", "9999-99-99"), "is not a date in the form YYYY-MM-DD"),
    ],
)
def test_bad_open_options_are_usage_errors(
    tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    (tmp_path / "plan.toml").write_text(GOOD, encoding="utf-8")
    code, out = run("open", "plan.toml", *args, cwd=tmp_path)
    assert code == 2, out
    assert says in " ".join(out.split())


def test_an_order_naming_nobody_in_the_plans_is_a_usage_error(tmp_path: Path) -> None:
    # A typo in --order would be a walk stop with nothing to show, noticed only at the standup.
    plan = GOOD.replace('status = "todo"', 'status = "todo"\nowner = "张三/Ann"')
    (tmp_path / "plan.toml").write_text(plan + '\n[[people]]\nname = "Bea"\n', encoding="utf-8")
    code, out = run("open", "plan.toml", "--order", "Ann, Bae,张三, Cy", cwd=tmp_path)
    assert code == 2, out
    said = " ".join(out.split())
    assert "Invalid value for '--order': nobody named 'Bae', 'Cy' is in these plans" in said
    assert "(owners and [[people]]: 'Ann', 'Bea', '张三')" in said


def _repository(folder: Path, author: str = "A") -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": "a@example.com",
        "GIT_COMMITTER_NAME": "A",
        "GIT_COMMITTER_EMAIL": "a@example.com",
        "GIT_AUTHOR_DATE": "2025-02-01T10:00:00+00:00",
        "GIT_COMMITTER_DATE": "2025-02-01T10:00:00+00:00",
    }
    for command in (["init", "-q"], ["add", "plan.toml"], ["commit", "-qm", "plan"]):
        subprocess.run(
            ["git", "-c", "commit.gpgsign=false", *command], cwd=folder, env=env, check=True
        )


def test_a_revision_the_repository_does_not_have_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text(GOOD, encoding="utf-8")
    _repository(tmp_path)
    code, out, err = cli("show", str(tmp_path / "plan.toml"), "--since", "no-such-tag")
    assert code == 2
    assert "'no-such-tag' is not a date, a duration (3d, 12h, 2w) or a commit" in " ".join(
        err.split()
    )
    code, out = run("open", "plan.toml", "--since", "no-such-tag", cwd=tmp_path)
    assert code == 2 and "or a commit in the plans' repository" in " ".join(out.split())
    # A revision it has is fine.
    code, out, err = cli("show", str(tmp_path / "plan.toml"), "--since", "HEAD", "--format", "text")
    assert code == 0, out + err


def test_git_output_reaches_the_terminal_without_its_controls(tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text(GOOD, encoding="utf-8")
    _repository(tmp_path, author=f"Eve{NASTY}")
    shown = {"text": "Evex]0;pwned[2Jy", "rich": "Evex]0;pwned[2Jy", "markdown": "Evex\\]0;pwned"}
    for output in ("text", "markdown", "rich"):
        code, out, err = cli(
            "show", str(tmp_path / "plan.toml"), "--since", "2025-01-01", "--format", output
        )
        no_controls(out + err)
        assert code == 0
        assert shown[output] in out  # the author as git gave it, controls dropped


# -- output the terminal cannot encode ---------------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "latin-1"}, {"PYTHONIOENCODING": "ascii"}, {"LANG": "C", "LC_ALL": "C"}],
)
def test_cjk_output_on_a_terminal_that_cannot_show_it(tmp_path: Path, env: dict[str, str]) -> None:
    (tmp_path / "核心.toml").write_text(PLAN_CJK, encoding="utf-8")
    code, out = run(
        "show", "核心.toml", "--today", "2025-02-10", "--width", "80", cwd=tmp_path, env=env
    )
    assert code == 0
    assert "核心计划" in out or "\\u6838\\u5fc3\\u8ba1\\u5212" in out
    code, out = run("check", "核心.toml", "missing.toml", cwd=tmp_path, env=env)
    assert code == 1
    assert "核心.toml: ok" in out or "\\u6838\\u5fc3.toml: ok" in out
