"""Property: every edit a key makes, on a plan written in any mix of TOML styles, changes exactly
the intended value(s) inside the edited item, and its undo gives back the original bytes.

The style matrix: single, double and literal quotes; multi-line notes; aligned ``=``; tabs;
a trailing comment on every line; comments inside arrays; items as arrays of inline tables;
sub-tables; ``[[kpis.actuals]]`` tables; quoted keys; CRLF; a BOM; no final newline.
"""

from __future__ import annotations

import datetime as dt
import difflib
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_tui.model import edits
from roadmap_tui.model.edits import MISSING, EditGroup
from roadmap_tui.model.plan import Plan
from roadmap_tui.store.loader import load_file
from roadmap_tui.store.locate import Locator
from roadmap_tui.store.writer import WriteRefused, apply_edits, read_stamp

TODAY = dt.date(2025, 2, 10)


@dataclass(frozen=True)
class Style:
    quote: str  # '"' or "'"
    multiline_note: bool
    align: bool
    indent: str
    comments: bool
    inline: bool  # milestones, tasks and risks as arrays of inline tables
    spaced: bool  # inline tables written { a = 1 } rather than {a=1}
    subtable: bool
    actuals: str  # "inline", "multiline" (with comments) or "tables"
    quoted_keys: bool
    crlf: bool
    bom: bool
    final_newline: bool


styles = st.builds(
    Style,
    quote=st.sampled_from(['"', "'"]),
    multiline_note=st.booleans(),
    align=st.booleans(),
    indent=st.sampled_from(["", "\t", "  "]),
    comments=st.booleans(),
    inline=st.booleans(),
    spaced=st.booleans(),
    subtable=st.booleans(),
    actuals=st.sampled_from(["inline", "multiline", "tables"]),
    quoted_keys=st.booleans(),
    crlf=st.booleans(),
    bom=st.booleans(),
    final_newline=st.booleans(),
)

Item = list[tuple[str, str]]


def s(style: Style, text: str) -> str:
    return f"{style.quote}{text}{style.quote}"


def items(style: Style) -> dict[str, list[Item]]:
    triple = style.quote * 3
    note = (
        f"{triple}first line\nsecond line{triple}" if style.multiline_note else s(style, "a note")
    )
    return {
        "milestones": [
            [("id", s(style, "M1")), ("title", s(style, "One")), ("due", "2025-03-01"),
             ("status", s(style, "todo")), ("note", note), ("owner", s(style, "Ann"))],
            [("id", s(style, "M2")), ("title", s(style, "Two")), ("due", "2025-04-01"),
             ("status", s(style, "done")), ("done_on", "2025-01-20")],
            [("id", s(style, "M3")), ("title", s(style, "Three")), ("due", "2025-05-01"),
             ("status", s(style, "blocked"))],
        ],
        "tasks": [
            [("id", s(style, "T1")), ("title", s(style, "Task one")), ("done", "false")],
            [("id", s(style, "T2")), ("title", s(style, "Task two")),
             ("status", s(style, "in_progress"))],
        ],
        "risks": [
            [("id", s(style, "R1")), ("title", s(style, "Risk one")), ("probability", "3"),
             ("impact", "2"), ("status", s(style, "open"))],
            [("id", s(style, "R2")), ("title", s(style, "Risk two")),
             ("probability", s(style, "中")), ("impact", s(style, "高"))],
        ],
    }  # fmt: skip


def key(style: Style, name: str, width: int) -> str:
    written = f'"{name}"' if style.quoted_keys else name
    return written.ljust(width) if style.align else written


def table_item(style: Style, kind: str, item: Item) -> str:
    width = max(len(k) + (2 if style.quoted_keys else 0) for k, _ in item)
    comment = "  # note this" if style.comments else ""
    lines = [f"[[{kind}]]{comment}"]
    lines += [f"{style.indent}{key(style, k, width)} = {v}{comment}" for k, v in item]
    if kind == "milestones" and style.subtable and item[0][1].endswith(f"M1{style.quote}"):
        lines += ["", f"[{kind}.links]{comment}", f'{style.indent}url = "https://x"{comment}']
    return "\n".join(lines) + "\n"


def inline_item(style: Style, item: Item) -> str:
    eq, sep = (" = ", ", ") if style.spaced else ("=", ",")
    body = sep.join(f"{key(style, k, 0)}{eq}{v}" for k, v in item if "\n" not in v)
    return ("{ " + body + " }") if style.spaced else ("{" + body + "}")


def kpi(style: Style) -> str:
    comment = "  # kpi" if style.comments else ""
    head = [f"[[kpis]]{comment}", f'{style.indent}id = "K1"', f'{style.indent}name = "Speed"']
    points = [("2025-01-01", "10"), ("2025-02-01", "12.5")]
    if style.actuals == "inline":
        written = ", ".join(f"{{ date = {d}, value = {v} }}" for d, v in points)
        head.append(f"{style.indent}actuals = [{written}]{comment}")
    elif style.actuals == "multiline":
        head.append(f"{style.indent}actuals = [{comment}")
        for d, v in points:
            head.append(f"{style.indent}  # measured {d}")
            head.append(f"{style.indent}  {{ date = {d}, value = {v} }},{comment}")
        head.append(f"{style.indent}]")
    else:
        for d, v in points:
            head += ["", "[[kpis.actuals]]", f"date = {d}", f"value = {v}"]
    return "\n".join(head) + "\n"


def plan_text(style: Style) -> bytes:
    parts = []
    groups = items(style)
    if style.inline:
        for kind, entries in groups.items():
            parts.append(f"{kind} = [\n")
            for entry in entries:
                parts.append(f"  {inline_item(style, entry)},\n")
            parts.append("]\n")
        parts.append("\n")
    parts.append('[plan]\nname = "Styles"\nstart = 2025-01-01\nend = 2025-12-31\n')
    if not style.inline:
        for kind, entries in groups.items():
            for entry in entries:
                parts.append("\n" + table_item(style, kind, entry))
    parts.append("\n" + kpi(style))
    text = "".join(parts)
    if not style.final_newline:
        text = text.rstrip("\n")
    if style.crlf:
        text = text.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if style.bom else b"") + text.encode("utf-8")


Action = Callable[[Path, Plan], EditGroup]


def _item(plan: Plan, kind: str, item_id: str) -> Any:
    return next(i for i in getattr(plan, kind) if i.id == item_id)


ACTIONS: dict[str, Action] = {
    "cycle M1": lambda p, plan: edits.cycle_status(p, _item(plan, "milestones", "M1"), TODAY),
    "cycle M2": lambda p, plan: edits.cycle_status(p, _item(plan, "milestones", "M2"), TODAY),
    "cycle M3": lambda p, plan: edits.cycle_status(p, _item(plan, "milestones", "M3"), TODAY),
    "block M2": lambda p, plan: edits.toggle_blocked(p, _item(plan, "milestones", "M2")),
    "drop M1": lambda p, plan: edits.mark_dropped(p, _item(plan, "milestones", "M1")),
    "later M1": lambda p, plan: edits.shift_due(p, _item(plan, "milestones", "M1"), 1),
    "earlier M3": lambda p, plan: edits.shift_due(p, _item(plan, "milestones", "M3"), -1),
    "note M1": lambda p, plan: edits.set_note(p, _item(plan, "milestones", "M1"), "new 'n'"),
    "clear M1": lambda p, plan: edits.set_note(p, _item(plan, "milestones", "M1"), ""),
    "note M3": lambda p, plan: edits.set_note(p, _item(plan, "milestones", "M3"), "added"),
    "tick T1": lambda p, plan: edits.toggle_task(p, _item(plan, "tasks", "T1"), TODAY),
    "cycle T2": lambda p, plan: edits.cycle_status(p, _item(plan, "tasks", "T2"), TODAY),
    "block T1": lambda p, plan: edits.toggle_blocked(p, _item(plan, "tasks", "T1")),
    "raise R1": lambda p, plan: edits.step_risk(p, _item(plan, "risks", "R1"), "probability", 1),
    "lower R2": lambda p, plan: edits.step_risk(p, _item(plan, "risks", "R2"), "impact", -1),
    "status R1": lambda p, plan: edits.cycle_risk_status(p, _item(plan, "risks", "R1")),
    "status R2": lambda p, plan: edits.cycle_risk_status(p, _item(plan, "risks", "R2")),
    "record K1": lambda p, plan: edits.record_actual(p, _item(plan, "kpis", "K1"), TODAY, 14),
    "redo K1": lambda p, plan: edits.record_actual(
        p, _item(plan, "kpis", "K1"), dt.date(2025, 2, 1), 13
    ),
}


def parse(data: bytes) -> dict[str, Any]:
    return tomllib.loads(data.decode("utf-8-sig"))


def expected_after(before: dict[str, Any], group: EditGroup) -> dict[str, Any]:
    after = {k: ([dict(i) for i in v] if isinstance(v, list) else v) for k, v in before.items()}
    for edit in group:
        item = next(i for i in after[edit.kind] if i.get("id") == edit.item_id)
        if edit.new is MISSING:
            item.pop(edit.field, None)
        elif isinstance(edit.new, tuple):
            item[edit.field] = [
                {"date": p.date, "value": int(p.value) if p.value.is_integer() else p.value}
                for p in edit.new
            ]
        else:
            item[edit.field] = edit.new
    return after


def item_lines(text: str, kind: str, index: int, inline: bool) -> range:
    """Lines (0-based) of the item: its block (with sub-tables), or its one inline line."""
    locator = Locator(text)
    lines = text.split("\n")
    if inline:
        start, _ = locator.element(locator.find(kind), index)
        return range(start - 1, start)
    start, _ = locator.find(kind, index)
    end = start
    headers = [h for h, name, _ in locator._headers if h >= start]
    for header in headers:
        name = lines[header].strip().strip("[]")
        if not name.startswith(kind + ".") and header >= start:
            end = header
            break
    else:
        end = len(lines)
    return range(start - 1, end + 1)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(style=styles, action=st.sampled_from(sorted(ACTIONS)))
def test_every_edit_in_every_style_is_exact_and_undone(style: Style, action: str) -> None:
    original = plan_text(style)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.toml"
        path.write_bytes(original)
        loaded = load_file(path)
        assert loaded.plan is not None and not loaded.errors, loaded.problems
        group = ACTIONS[action](path, loaded.plan)
        if not group:
            return
        try:
            result = apply_edits(group, read_stamp(path))
        except WriteRefused as refusal:
            raise AssertionError(f"refused: {refusal.message}") from None
        after = path.read_bytes()
        before_data = parse(original)
        assert parse(after) == expected_after(before_data, group)
        # Only lines of the edited item changed.
        text_before = original.decode("utf-8-sig").replace("\r\n", "\n")
        text_after = after.decode("utf-8-sig").replace("\r\n", "\n")
        edit = group.edits[0]
        index = next(
            i for i, item in enumerate(before_data[edit.kind]) if item["id"] == edit.item_id
        )
        inline = style.inline and edit.kind != "kpis"
        allowed = item_lines(text_before, edit.kind, index, inline)
        old_lines, new_lines = text_before.split("\n"), text_after.split("\n")
        matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
        for tag, i1, i2, _, _ in matcher.get_opcodes():
            if tag != "equal":
                assert allowed.start <= i1 and i2 <= allowed.stop, (
                    f"lines {i1 + 1}-{i2} changed outside the item (lines "
                    f"{allowed.start + 1}-{allowed.stop}):\n"
                    + "\n".join(difflib.unified_diff(old_lines, new_lines, lineterm=""))
                )
        assert after.startswith(b"\xef\xbb\xbf") == style.bom
        apply_edits(result.undo, result.stamp)
        assert path.read_bytes() == original, "\n".join(
            difflib.unified_diff(
                original.decode("utf-8-sig").split("\n"),
                path.read_bytes().decode("utf-8-sig").split("\n"),
                lineterm="",
            )
        )
