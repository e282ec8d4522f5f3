"""Property: two independent sets of edits to one plan merge to the plan with both applied.

A plan is modelled as milestones (ordered keys) and KPIs with dated actuals, rendered to TOML
one way. Each side owns a random half of the milestones: it edits, deletes and adds after only
those; both sides may edit different keys of one more milestone, and append actuals to the same
KPI. The merge of the two rendered
branches must be, byte for byte, the rendering of the base with both edit sets applied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_tui.store.merge import merge_plans

Keys = dict[str, str]  # key → its value as TOML text
Shared = list[tuple[str, list[str]]]  # items both sides edit, and the keys this side may set


@dataclass
class Model:
    name: str
    milestones: list[tuple[str, Keys]]
    kpis: list[tuple[str, list[dt.date]]]
    comments: dict[str, str] = field(default_factory=dict)


def render(model: Model, crlf: bool) -> bytes:
    units = [f'[plan]\nname = "{model.name}"\n']
    for ident, keys in model.milestones:
        lines = [model.comments.get(ident, ""), "[[milestones]]\n", f'id = "{ident}"\n']
        lines += [f"{key} = {value}\n" for key, value in keys.items()]
        units.append("".join(lines))
    for ident, dates in model.kpis:
        points = "".join(f"  {{ date = {day}, value = {day.day} }},\n" for day in dates)
        units.append(f'[[kpis]]\nid = "{ident}"\nname = "KPI {ident}"\nactuals = [\n{points}]\n')
    text = "\n".join(units)
    return (text.replace("\n", "\r\n") if crlf else text).encode()


@dataclass(frozen=True)
class Edits:
    """One side's edits: values set, owner keys dropped, items deleted, items added, points."""

    changes: tuple[tuple[str, str, str], ...]
    drops: tuple[str, ...]
    deletes: tuple[str, ...]
    adds: tuple[tuple[str | None, str], ...]  # (anchor id or None for the start, new id)
    points: tuple[tuple[str, dt.date], ...]


def apply(model: Model, *sides: Edits) -> Model:
    milestones = [(ident, dict(keys)) for ident, keys in model.milestones]
    by_id = dict(milestones)
    for edits in sides:
        for ident, key, value in edits.changes:
            by_id[ident][key] = value
        for ident in edits.drops:
            by_id[ident].pop("owner", None)
    deleted = {ident for edits in sides for ident in edits.deletes}
    result: list[tuple[str, Keys]] = []
    anchors = [None, *(ident for ident, _ in milestones)]
    for anchor in anchors:
        if anchor is not None and anchor not in deleted:
            result.append((anchor, by_id[anchor]))
        for edits in sides:  # ours' additions at one place first, then theirs'
            result += [(new, _new_keys(new)) for at, new in edits.adds if at == anchor]
    kpis = []
    for ident, dates in model.kpis:
        added = [day for edits in sides for at, day in edits.points if at == ident]
        kpis.append((ident, sorted([*dates, *added])))
    return Model(model.name, result, kpis, model.comments)


def _new_keys(ident: str) -> Keys:
    return {"title": f'"New {ident}"', "due": "2026-01-01", "status": '"todo"'}


VALUES = {
    "title": st.text("abcdefgh 计划", min_size=1, max_size=8).map(lambda t: f'"{t}"'),
    "due": st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)).map(str),
    "status": st.sampled_from(['"todo"', '"done"', '"blocked"']),
    "owner": st.sampled_from(['"ann"', '"bo"', "'cy'"]),
}


@st.composite
def bases(draw: st.DrawFn) -> Model:
    count = draw(st.integers(1, 6))
    milestones = []
    for number in range(1, count + 1):
        keys = {
            "title": f'"Milestone {number}"',
            "due": str(dt.date(2025, number, 1)),
            "status": '"todo"',
        }
        if draw(st.booleans()):
            keys["owner"] = '"ann"'
        milestones.append((f"M{number}", keys))
    comments = {ident: "# about it\n" for ident, _ in milestones if draw(st.booleans())}
    kpis = [("K1", [dt.date(2025, 1, 31)])] if draw(st.booleans()) else []
    return Model("Demo", milestones, kpis, comments)


@st.composite
def edits(
    draw: st.DrawFn, model: Model, owned: list[str], prefix: str, days: list[int], shared: Shared
) -> Edits:
    changes = []
    for ident, keys in shared:
        for key in draw(st.lists(st.sampled_from(keys), unique=True)):
            changes.append((ident, key, draw(VALUES[key])))
    drops = []
    deletes = draw(st.lists(st.sampled_from(owned), unique=True)) if owned else []
    kept = [ident for ident in owned if ident not in deletes]
    for ident in kept:
        keys = dict(model.milestones)[ident]
        for key in draw(st.lists(st.sampled_from(sorted(VALUES)), unique=True, max_size=2)):
            changes.append((ident, key, draw(VALUES[key])))
        if "owner" in keys and draw(st.booleans()) and all(c[1] != "owner" for c in changes):
            drops.append(ident)
    anchors = draw(st.lists(st.sampled_from([None, *kept]), max_size=3))
    adds = [(anchor, f"{prefix}{number}") for number, anchor in enumerate(anchors, 1)]
    points = []
    if model.kpis:
        for day in draw(st.lists(st.sampled_from(days), unique=True, max_size=2)):
            points.append(("K1", dt.date(2025, 3, day)))
    return Edits(tuple(changes), tuple(drops), tuple(deletes), tuple(adds), tuple(points))


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Model, Edits, Edits, bool]:
    model = draw(bases())
    # One milestone may be edited by both sides, on different keys.
    both = draw(st.sampled_from([None] + [ident for ident, _ in model.milestones]))
    mine = [ident for ident, _ in model.milestones if ident != both and draw(st.booleans())]
    yours = [ident for ident, _ in model.milestones if ident not in (*mine, both)]
    shared_ours = [(both, ["title", "status"])] if both else []
    shared_theirs = [(both, ["due"])] if both else []
    ours = draw(edits(model, mine, "A", [1, 3, 5, 7], shared_ours))
    theirs = draw(edits(model, yours, "B", [2, 4, 6, 8], shared_theirs))
    return model, ours, theirs, draw(st.booleans())


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_independent_edits_merge_to_both_applied(
    scenario: tuple[Model, Edits, Edits, bool],
) -> None:
    model, ours, theirs, crlf = scenario
    base = render(model, crlf)
    result = merge_plans(base, render(apply(model, ours), crlf), render(apply(model, theirs), crlf))
    assert result.conflicts == ()
    assert result.data.decode() == render(apply(model, ours, theirs), crlf).decode()
