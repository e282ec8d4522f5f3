"""``roadmap-tui import``: what it writes, what it says on stderr, and its exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from import_helpers import DATA

from roadmap_tui.cli import main

SMALL = """# Small plan

Last updated: 2025-01-10

## Q1 2025: Start

| Milestone | Due | Status |
|-----------|-----|--------|
| M1: First release | 2025-02-01 | ✅ Done |

Some prose that is not plan data.
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_writes_the_plan_to_stdout_and_names_lines_left_out(here: Path) -> None:
    (here / "roadmap.md").write_text(SMALL, encoding="utf-8")
    code, out, err = run("import", "roadmap.md")
    assert code == 0
    assert out.startswith("# Imported from roadmap.md.")
    assert '# roadmap.md:9\n[[milestones]]\nid = "M1"\ntitle = "First release"\n' in out
    assert err.splitlines() == [
        "roadmap.md:11: not imported: prose: Some prose that is not plan data.",
        "imported 1 phases, 1 milestones, 0 tasks, 0 deliverables, 0 acceptance criteria, "
        "0 risks, 0 KPIs; 1 line not imported",
    ]


def test_output_file_is_never_overwritten_without_force(here: Path) -> None:
    (here / "roadmap.md").write_text(SMALL, encoding="utf-8")
    (here / "plan.toml").write_text("mine\n", encoding="utf-8")
    code, out, err = run("import", "roadmap.md", "-o", "plan.toml")
    assert (code, out) == (2, "")
    assert err == "roadmap-tui: plan.toml exists; use --force to replace it\n"
    assert (here / "plan.toml").read_text(encoding="utf-8") == "mine\n"
    code, _, _ = run("import", "roadmap.md", "-o", "plan.toml", "--force")
    assert code == 0
    first = (here / "plan.toml").read_bytes()
    run("import", "roadmap.md", "-o", "plan.toml", "--force")
    assert (here / "plan.toml").read_bytes() == first  # same input, same bytes
    assert run("check", "plan.toml")[0] == 0


def test_never_writes_over_the_document_or_into_nowhere(here: Path) -> None:
    (here / "roadmap.md").write_text(SMALL, encoding="utf-8")
    code, _, err = run("import", "roadmap.md", "-o", "roadmap.md", "--force")
    assert (code, err) == (
        2,
        "roadmap-tui: roadmap.md is the document being imported; choose another -o\n",
    )
    assert (here / "roadmap.md").read_text(encoding="utf-8") == SMALL
    code, _, err = run("import", "roadmap.md", "-o", "missing/plan.toml")
    assert code == 2
    assert err == "roadmap-tui: missing/plan.toml: cannot write: no folder missing\n"
    assert list(here.iterdir()) == [here / "roadmap.md"]


def test_relative_dates_without_anchor_are_a_usage_error(here: Path) -> None:
    (here / "r.md").write_text("# R\n\n## Week 2: Build\n\n- [ ] Do it\n", encoding="utf-8")
    code, out, err = run("import", "r.md")
    assert (code, out) == (2, "")
    assert err == (
        "roadmap-tui: r.md:3: 'Week 2' is a relative date and the document gives no date to "
        "count from; give --anchor YYYY-MM-DD\n"
    )
    code, out, _ = run("import", "r.md", "--anchor", "2025-03-03")
    assert code == 0
    assert "start = 2025-03-10\nend = 2025-03-16\n" in out
    assert run("import", "r.md", "--anchor", "soon")[0] == 2


def test_nothing_plannable_exits_1(here: Path) -> None:
    (here / "notes.md").write_text("# Notes\n\nJust thoughts.\n", encoding="utf-8")
    code, out, err = run("import", "notes.md")
    assert (code, out) == (1, "")
    assert err.endswith("roadmap-tui: notes.md: nothing plannable found\n")


def test_missing_file_is_a_usage_error(here: Path) -> None:
    code, _, err = run("import", "nope.md")
    assert code == 2
    assert err == "roadmap-tui: nope.md: no such file\n"


def test_long_runs_are_grouped_and_stderr_is_sanitised(here: Path) -> None:
    text = "# T\n\n## Q1 2025\n\n- [ ] a\n\n" + "\n".join(
        f"Line {n} \x1b[31mred\x1b[0m" for n in range(5)
    )
    (here / "t.md").write_text(text, encoding="utf-8")
    code, _, err = run("import", "t.md")
    assert code == 0
    assert "\x1b" not in err
    assert err.splitlines()[0] == "t.md:7-11: not imported: prose (5 lines)"


def test_imports_each_test_roadmap(here: Path) -> None:
    for path in sorted(DATA.glob("*.md")):
        code, out, _ = run("import", str(path))
        assert code == 0, path.name
        assert out.count("[[") >= 3
