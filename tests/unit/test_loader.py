"""The loader against an adversarial corpus, and the cases a corpus file cannot hold.

Each ``tests/data/bad/NAME.toml`` has a ``NAME.expected``: its first line is ``exit N``, the rest is
exactly what ``roadmap-tui check tests/data/bad/NAME.toml`` prints, run from the repository root.
Every line and column in those files was checked by hand against the file.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from plan_texts import GOOD

from roadmap_tui.cli import main
from roadmap_tui.store.loader import (
    MAX_BYTES,
    LoadResult,
    Problem,
    clean_text,
    load_bytes,
    load_file,
    plan_files,
)
from roadmap_tui.store.locate import Locator, syntax_problem

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "bad"
CORPUS = sorted(BAD.glob("*.toml"))


def check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


def test_the_corpus_is_large_and_every_file_has_its_expectation() -> None:
    assert len(CORPUS) >= 30
    for path in CORPUS:
        assert path.with_suffix(".expected").is_file(), path.name
    assert sorted(p.stem for p in BAD.glob("*.expected")) == [p.stem for p in CORPUS]


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_check_prints_exactly_the_expected_lines(path: Path, at_root: Path) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8")
    first, _, lines = expected.partition("\n")
    code, out, err = check(str(path.relative_to(at_root)))
    assert out == lines
    assert code == int(first.removeprefix("exit "))
    assert err == ""


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_a_plan_exists_exactly_when_there_are_no_errors(path: Path) -> None:
    result = load_file(path)
    assert isinstance(result, LoadResult)
    assert (result.plan is None) == bool(result.errors)
    for problem in result.problems:
        assert problem.line is None or (problem.line >= 1 and problem.col and problem.col >= 1)


def test_crlf_files_kept_their_line_ends() -> None:
    # tests/data/** is committed with -text: a checkout must not turn CRLF into LF.
    for name in ("ok-crlf-warnings", "crlf-error"):
        data = (BAD / f"{name}.toml").read_bytes()
        assert data.count(b"\r\n") == data.count(b"\n") > 10


def test_a_bom_file_loads_like_the_same_file_without_it() -> None:
    data = (BAD / "ok-bom.toml").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    with_bom = load_bytes(data, Path("a.toml"))
    without = load_bytes(data[3:], Path("a.toml"))
    assert with_bom.plan is not None
    assert with_bom.plan == without.plan
    assert with_bom.problems == without.problems == ()


def test_a_crlf_file_loads_like_the_same_file_with_lf() -> None:
    data = (BAD / "ok-crlf-warnings.toml").read_bytes()
    crlf = load_bytes(data, Path("a.toml"))
    lf = load_bytes(data.replace(b"\r\n", b"\n"), Path("a.toml"))
    assert crlf.plan is not None and crlf.plan == lf.plan
    assert crlf.problems == lf.problems
    assert [p.line for p in crlf.problems] == [17, 19]


# --- files that cannot sit in the corpus -------------------------------------------------------


def test_a_10_mib_file_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as out:
        out.write(b'[plan]\nname = "huge"\n')
        line = b"# padding padding padding padding padding padding padding padding padding pad\n"
        out.write(line * (10 * 1024 * 1024 // len(line) + 1))
    assert path.stat().st_size > 10 * 1024 * 1024
    result = load_file(path)
    assert result.plan is None
    assert [str(p) for p in result.problems] == [
        f"{path}: file is 10.0 MiB; plan files may be at most 5 MiB"
    ]
    code, out, _ = check(str(path))
    assert code == 1
    assert out.splitlines()[-1] == f"{path}: FAILED (1 error)"


def test_load_bytes_refuses_oversized_data_too() -> None:
    result = load_bytes(b"#" * (MAX_BYTES + 1), Path("big.toml"))
    assert result.plan is None
    assert "at most 5 MiB" in result.errors[0].message


def test_a_file_just_under_the_limit_loads(tmp_path: Path) -> None:
    text = '[plan]\nname = "big"\n' + "".join(
        f'\n[[tasks]]\nid = "T{i}"\ntitle = "task {i}"\n' for i in range(60_000)
    )
    data = text.encode()
    assert len(data) < MAX_BYTES
    result = load_bytes(data, Path("big.toml"))
    assert result.plan is not None and len(result.plan.tasks) == 60_000


def test_a_folder_named_like_a_plan(tmp_path: Path) -> None:
    folder = tmp_path / "x.toml"
    folder.mkdir()
    assert str(load_file(folder).problems[0]) == f"{folder}: is a folder, not a plan file"
    # Named on the command line it is a folder to search, and it holds no plans.
    code, out, err = check(str(folder))
    assert (code, out) == (1, "")
    assert err == f"roadmap-tui: no plan files found in {folder}\n"
    # Inside a folder being searched it is not taken for a plan.
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    assert plan_files([tmp_path]) == [tmp_path / "a.toml"]
    code, out, _ = check(str(tmp_path))
    assert code == 0
    assert out == f"{tmp_path / 'a.toml'}: ok, 1 phases, 1 milestones, 0 tasks, 0 risks, 0 KPIs\n"


def test_a_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "gone.toml"
    link.symlink_to(tmp_path / "missing-target.toml")
    result = load_file(link)
    assert [str(p) for p in result.problems] == [
        f"{link}: broken symbolic link to {tmp_path / 'missing-target.toml'}"
    ]
    code, out, _ = check(str(link))
    assert code == 1
    assert out.endswith(f"{link}: FAILED (1 error)\n")


def test_a_symlink_to_a_plan_loads_and_names_the_link(tmp_path: Path) -> None:
    (tmp_path / "real.toml").write_text(GOOD.replace('"todo"', '"wip"'), encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(tmp_path / "real.toml")
    result = load_file(link)
    assert [str(p) for p in result.problems] == [
        f'{link}:14:1: milestones[M1.1].status: "wip" is not a status; did you mean "in_progress"?'
    ]


def test_a_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    result = load_file(loop)
    assert result.plan is None
    assert str(result.problems[0]).startswith(f"{loop}: cannot read the file: ")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_not_read(tmp_path: Path) -> None:
    # Reading would block until a writer appears; the loader must not even open it.
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    assert [str(p) for p in load_file(fifo).problems] == [f"{fifo}: is not a regular file"]


def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.toml"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("this user can read a file with mode 000 (root)")
        result = load_file(path)
        assert [str(p) for p in result.problems] == [
            f"{path}: cannot read the file: permission denied"
        ]
        code, out, _ = check(str(path))
        assert code == 1
        assert out.endswith(f"{path}: FAILED (1 error)\n")
    finally:
        path.chmod(0o644)


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    assert [str(p) for p in load_file(path).problems] == [f"{path}: no such file"]


# --- bytes and text ----------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_utf16_is_named_as_such(bom: bytes) -> None:
    encoding = "utf-16-le" if bom == b"\xff\xfe" else "utf-16-be"
    result = load_bytes(bom + GOOD.encode(encoding), Path("w.toml"))
    assert [str(p) for p in result.problems] == [
        "w.toml:1:1: UTF-16 text; plan files must be UTF-8"
    ]


def test_nul_and_bad_utf8_columns_count_characters_not_bytes() -> None:
    data = '[plan]\nname = "主开发者'.encode()
    nul = load_bytes(data + b'\x00"\n', Path("n.toml"))
    assert (nul.errors[0].line, nul.errors[0].col) == (2, 13)
    bad = load_bytes(data + b'\xff"\n', Path("n.toml"))
    assert (bad.errors[0].line, bad.errors[0].col) == (2, 13)


def test_control_characters_are_removed_from_every_string() -> None:
    text = (
        '[plan]\nname = "a\\u0007b\\u009bc\\u202ed\\u2066e"\nsummary = "tab\\tand\\nnewline"\n'
        '\n[[phases]]\nid = "P\\u001b1"\nname = "n"\nstart = 2025-01-01\nend = 2025-02-01\n'
        'goals = ["g\\u0000oal"]\n'
    )
    result = load_bytes(text.encode(), Path("c.toml"))
    assert result.plan is not None
    assert result.plan.plan.name == "abcde"
    assert result.plan.plan.summary == "tab\tand\nnewline"
    assert result.plan.phases[0].id == "P1"
    assert result.plan.phases[0].goals == ("goal",)
    assert result.raw["plan"]["name"] == "abcde"
    assert clean_text("x\x1b[31my\u202ez\x85") == "x[31myz"


def test_keys_with_control_characters_are_escaped_in_messages() -> None:
    text = '[plan]\nname = "n"\n"bell\\u0007\\u001b]0;title\\u0007" = 1\n'
    result = load_bytes(text.encode(), Path("k.toml"))
    (warning,) = result.warnings
    assert str(warning) == (
        'k.toml:3:1: warning: plan: unknown key "bell\\u0007\\u001b]0;title\\u0007" (kept)'
    )
    assert all(ch.isprintable() for ch in str(warning))


def test_ids_with_newlines_are_quoted_in_labels() -> None:
    text = GOOD.replace('id = "M1.1"', 'id = "M1\\n1"').replace('"todo"', '"nope"')
    (error,) = load_bytes(text.encode(), Path("i.toml")).errors
    assert error.message.startswith('milestones["M1\\n1"].status: "nope" is not a status')


# --- nesting -----------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [10, 100, 300, 400, 450, 480, 500, 700, 1000, 2000, 20000])
@pytest.mark.parametrize("shape", ["array", "table"])
def test_any_nesting_depth_gives_a_result_not_a_crash(depth: int, shape: str) -> None:
    value = {
        "array": "[" * depth + "]" * depth,
        "table": "{a = " * depth + "1" + " }" * depth,
    }[shape]
    for key in ("deep", "goals"):
        text = f'[plan]\nname = "n"\n\n[[phases]]\nid = "P"\nname = "p"\n{key} = {value}\n'
        text += "start = 2025-01-01\nend = 2025-01-02\n"
        result = load_bytes(text.encode(), Path("d.toml"))
        assert isinstance(result, LoadResult)
        if result.errors and "nested too deeply" in result.errors[0].message:
            assert result.errors[0].line == 7


def test_nesting_deep_enough_to_exhaust_the_stack_is_reported() -> None:
    depth = sys.getrecursionlimit() * 2
    text = '[plan]\nname = "n"\nx = ' + "[" * depth + "]" * depth + "\n"
    result = load_bytes(text.encode(), Path("d.toml"))
    assert [str(p) for p in result.problems] == [
        "d.toml:3:105: arrays or tables nested too deeply to read"
    ]


# --- locating ----------------------------------------------------------------------------------


def test_every_error_names_a_line_when_the_file_was_read() -> None:
    for path in CORPUS:
        for problem in load_file(path).problems:
            assert problem.line is not None, str(problem)
            assert re.match(r"^[^:]+:\d+:\d+: ", str(problem)), str(problem)


def test_positions_in_items_written_inline() -> None:
    text = (
        "milestones = [\n"
        '  { id = "M1", title = "a", due = 2025-01-01, status = "todo" },\n'
        '  { id = "M2", title = "b", due = "2025-01-02", status = "todo" },\n]\n'
        '\n[plan]\nname = "n"\n'
    )
    (error,) = load_bytes(text.encode(), Path("i.toml")).errors
    # The item has no header of its own: the problem points at the section's key.
    assert (error.line, error.col) == (1, 1)
    assert error.message.startswith("milestones[M2].due: expected a date")


def test_a_subtable_of_an_item_is_located() -> None:
    text = GOOD + "\n[milestones.links]\nissue = 42\n\n[plan.meta]\nx = 1\n"
    warnings = load_bytes(text.encode(), Path("s.toml")).warnings
    assert [(w.line, w.message) for w in warnings] == [
        (17, 'milestones[M1.1]: unknown key "links" (kept)'),
        (20, 'plan: unknown key "meta" (kept)'),
    ]
    # A sub-table belongs to the last [[milestones]] item even with other tables in between.
    text = GOOD + '\n[[milestones]]\nid = "M2"\ntitle = "t"\ndue = 2025-01-01\nstatus = "todo"\n'
    text += "\n[plan.meta]\nx = 1\n\n[milestones.links]\nissue = 42\n"
    warnings = load_bytes(text.encode(), Path("s.toml")).warnings
    assert [(w.line, w.message) for w in warnings] == [
        (23, 'plan: unknown key "meta" (kept)'),
        (26, 'milestones[M2]: unknown key "links" (kept)'),
    ]


def test_text_inside_a_multiline_string_is_not_taken_for_keys_or_headers() -> None:
    title = 'title = """\nstatus = "x"\n[[milestones]]\n\u2028\x85 """'
    text = GOOD.replace('title = "服务发现框架"', title).replace('"todo"', '"nope"')
    text += "\n[[milestones]]\nid = \"M2\"\ntitle = '''\nstatus = 1'''\ndue = 2025-01-01\n"
    text += 'status = "later"\n'
    errors = load_bytes(text.encode(), Path("m.toml")).errors
    assert [(e.line, e.message.split(":")[0]) for e in errors] == [
        (17, "milestones[M1.1].status"),
        (25, "milestones[M2].status"),
    ]


def test_a_dangling_reference_is_located_when_an_earlier_item_failed() -> None:
    text = GOOD + (
        '\n[[tasks]]\nid = "T1"\ntitle = 5\n\n[[tasks]]\nid = "T2"\ntitle = "t"\nmilestone = "M9"\n'
    )
    errors = load_bytes(text.encode(), Path("r.toml")).errors
    assert [str(e) for e in errors] == [
        "r.toml:19:1: tasks[T1].title: expected a string, got 5",
        'r.toml:24:1: tasks[T2].milestone: no milestone has id "M9"',
    ]


def test_a_duplicated_id_with_a_dangling_reference_points_at_the_right_item() -> None:
    text = GOOD + (
        '\n[[tasks]]\nid = "T1"\ntitle = "a"\n\n[[tasks]]\nid = "T1"\ntitle = "b"\nphase = "P7"\n'
    )
    errors = load_bytes(text.encode(), Path("r.toml")).errors
    assert [(e.line, e.message) for e in errors] == [
        (22, 'tasks[T1]: duplicate id "T1"'),
        (24, 'tasks[T1].phase: no phase has id "P7"'),
    ]


def test_an_entry_of_a_multiline_array_is_located() -> None:
    locator = Locator(
        'a = [ # comment, with ] and [\n  "x, ]",\n  """y\n, z""",\n\n  {b = [1, 2]},\n  3,\n]\n'
    )
    assert [locator.element((1, 1), i) for i in range(5)] == [
        (2, 3),
        (3, 3),
        (6, 3),
        (7, 3),
        (1, 1),  # past the end: where the key is
    ]
    assert Locator("a = 1\n").element((1, 1), 1) == (1, 1)


def test_statement_start_walks_back_over_a_multiline_value() -> None:
    locator = Locator('[t]\ngoals = [\n  "a",\n  "b",\n]\n')
    assert locator.statement_start(5) == (2, 1)
    assert locator.statement_start(1) == (1, 1)


def test_every_syntax_error_message_is_worded_and_placed() -> None:
    cases = {
        'a = "x': (1, 5, "string is not closed"),
        "a = 'x": (1, 5, "string is not closed"),
        "a = '''x\n": (1, 5, "multi-line string is not closed"),
        "a = 1\na = 2\n": (2, 1, "a is already set above (a key may appear only once per table)"),
        "a = [\n 1,\n]\na = 2\n": (
            4,
            1,
            "a is already set above (a key may appear only once per table)",
        ),
        "a = {b = 1, b = 2}\n": (1, 18, "duplicate key 'b' in the inline table"),
        "a = {b = 1}\n[a]\n": (2, 1, "table [a] is already defined above"),
        "a = 1\na.b = 2\n": (
            2,
            1,
            "a.b is already set above (a key may appear only once per table)",
        ),
        "[a]\nb = 1\n[a.b]\n": (3, 1, "[a.b] conflicts with a.b defined above"),
        "a = [1, 2\nb = 3\n": (2, 1, "expected ',' or ']' in the array opened at 1:5"),
        "a = {b = 1 c = 2}\n": (
            1,
            12,
            "expected ',' or '}' in the inline table opened at 1:5",
        ),
        "a = {b = 1,}\n": (1, 12, "an inline table { … } must not end with a comma"),
        "a = 2025-02-30\n": (1, 5, "2025-02-30 is not a valid date"),
        "a = 2025-13-01\n": (1, 5, "2025-13-01 is not a valid date"),
        "a = [2025-13-01]\n": (1, 6, "2025-13-01 is not a valid date"),
        'a = "\\q"\n': (
            1,
            6,
            "a backslash in a \"…\" string starts an escape; write \\\\ or use '…' quotes",
        ),
        'a = "\\u12"\n': (1, 6, "invalid \\u or \\U escape (4 or 8 hex digits)"),
        "a = yes\n": (1, 5, 'invalid value (text needs quotes: "…"; dates are written 2025-03-31)'),
        "a b = 1\n": (1, 3, "expected '=' after the key"),
        "= 1\n": (1, 1, "expected key = value, a [table] header or a # comment"),
        "a. = 1\n": (
            1,
            4,
            "invalid key (bare keys are letters, digits, _ and -; quote any other key)",
        ),
        "[a\n": (1, 3, "expected ']' to end the table header"),
        "[[a]\n": (1, 4, "expected ']]' to end the [[table]] header"),
        "a = 1 b = 2\n": (
            1,
            7,
            "unexpected text after the value (one key = value per line; comments start with #)",
        ),
        "a = 1 # bell \x07\n": (1, 14, "control character U+0007 in a comment"),
        '"\x1b" = 1\n': (1, 2, "control character U+001B in a string (write it as \\u001b)"),
    }
    import tomllib

    for text, (line, col, message) in cases.items():
        with pytest.raises(tomllib.TOMLDecodeError) as caught:
            tomllib.loads(text)
        assert syntax_problem(text, str(caught.value)) == (
            line,
            col,
            f"syntax error: {message}",
        ), text


def test_an_unknown_tomllib_message_is_passed_on() -> None:
    assert syntax_problem("x", "Something new") == (1, 1, "syntax error: Something new")
    assert syntax_problem("x\ny", "Something new (at end of document)") == (
        2,
        2,
        "syntax error: something new",
    )


# --- plan_files and Problem ----------------------------------------------------------------------


def test_plan_files_takes_a_folders_plans_in_name_order(tmp_path: Path) -> None:
    for name in ("b.toml", "a.toml", "pyproject.toml", ".hidden.toml", "Cargo.toml", "c.txt"):
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.toml").write_text(GOOD, encoding="utf-8")
    named = tmp_path / "pyproject.toml"
    assert plan_files([tmp_path, named]) == [tmp_path / "a.toml", tmp_path / "b.toml", named]


def test_problem_text() -> None:
    assert str(Problem("p.toml", 3, 7, "bad")) == "p.toml:3:7: bad"
    assert str(Problem("p.toml", None, None, "gone")) == "p.toml: gone"
    assert str(Problem("p.toml", 1, 1, "hm", "warning")) == "p.toml:1:1: warning: hm"


# --- long lines ----------------------------------------------------------------------------------


def test_long_lines_do_not_make_the_locator_backtrack() -> None:
    # Each of these took minutes (or would have taken years) with looser patterns.
    spaces = " " * 200_000
    cases = {
        # A valid header whose quoted key holds "]", after a problem that makes it look.
        f'[plan]\nname = 5\n[{spaces}"a]b" ]\nx = 1\n': [
            "t.toml:2:1: plan.name: expected a string, got 5",
            't.toml:3:1: warning: unknown key "a]b" (kept)',
        ],
        # tomllib quotes the key in its message.
        f'[plan]\nname = "x"\n["{spaces}"]\n["{spaces}"]\n': None,
        # msgspec quotes the value in its message.
        '[plan]\nname = "x"\n[[kpis]]\nid = "k"\nname = "k"\nbetter = "'
        + " - at `$" * 50_000
        + '"\n': None,
    }
    for text, expected in cases.items():
        started = time.perf_counter()
        result = load_bytes(text.encode(), Path("t.toml"))
        assert time.perf_counter() - started < 5
        assert result.errors
        if expected is not None:
            assert [str(p) for p in result.problems] == expected


def test_headers_with_quoted_and_dotted_keys_are_located() -> None:
    text = (
        '[plan]\nname = "n"\n\n[ "plan" . "a]b" ]\nx = 1\n\n'
        '[ plan . \'c d\' ] # comment\ny = 2\n\n["plan"."meta\\u0041"]\nz = 3\n'
    )
    problems = load_bytes(text.encode(), Path("h.toml")).problems
    assert [(w.line, w.message) for w in problems] == [
        (4, 'plan: unknown key "a]b" (kept)'),
        (7, 'plan: unknown key "c d" (kept)'),
        (10, 'plan: unknown key "metaA" (kept)'),
    ]


def test_a_file_name_with_control_characters_is_printed_escaped(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b[2Jname.toml"
    path.write_bytes(b"[plan\n")
    [problem] = load_file(path).problems
    assert "\x1b" not in str(problem)
    assert "evil\\x1b[2Jname.toml:1:" in str(problem)
