"""Loader properties: no input crashes it, valid plans round-trip, control text is removed."""

from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata
from pathlib import Path
from typing import Any

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_texts import GOOD

from roadmap_tui.model.plan import (
    STATUSES,
    Kpi,
    Milestone,
    Phase,
    Plan,
    PlanInfo,
    Point,
    Risk,
    Task,
)
from roadmap_tui.model.values import MAX_MAGNITUDE
from roadmap_tui.store.loader import LoadResult, clean_text, load_bytes

PATH = Path("prop.toml")
PROPS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: What a message must never print raw: C0/C1 controls and bidi overrides or isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_sound(result: LoadResult) -> None:
    """What holds for every load, good or bad."""
    assert isinstance(result, LoadResult)
    assert (result.plan is None) == bool(result.errors)
    for problem in result.problems:
        assert problem.severity in ("error", "warning")
        assert (problem.line is None) == (problem.col is None)
        if problem.line is not None and problem.col is not None:
            assert problem.line >= 1 and problem.col >= 1
        assert not _UNSAFE.search(problem.message), repr(problem.message)


# --- any bytes -----------------------------------------------------------------------------------

toml_ish = st.lists(
    st.sampled_from(
        [
            "[plan]\n",
            'name = "x"\n',
            "[[milestones]]\n",
            "[[tasks]]\n",
            'id = "M1"\n',
            "due = 2025-01-01\n",
            'status = "todo"\n',
            "= ",
            '"',
            "'''",
            '"""',
            "[",
            "]",
            "{",
            "}",
            ",",
            "\n",
            "\r\n",
            "#",
            "\\",
            "2025-13-01",
            "\x00",
            "\ufeff",
            "\u2028",
        ]
    ),
    max_size=40,
).map("".join)


@PROPS
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_result(data: bytes) -> None:
    assert_sound(load_bytes(data, PATH))


@PROPS
@given(toml_ish)
def test_any_jumble_of_toml_pieces_gives_a_result(text: str) -> None:
    assert_sound(load_bytes(text.encode("utf-8", errors="surrogatepass"), PATH))


@PROPS
@given(toml_ish, st.binary(max_size=20), st.integers(min_value=0, max_value=60))
def test_damaged_plans_give_a_result(prefix: str, junk: bytes, where: int) -> None:
    data = (prefix + GOOD).encode()
    cut = min(where * 7, len(data))
    assert_sound(load_bytes(data[:cut] + junk + data[cut:], PATH))


# --- any TOML document ---------------------------------------------------------------------

PLAN_KEYS = [
    "plan", "phases", "milestones", "tasks", "risks", "kpis", "name", "id", "title", "due",
    "status", "start", "end", "phase", "milestone", "done", "done_on", "probability", "impact",
    "better", "actuals", "targets", "date", "value", "goals", "headcount", "budget",
]  # fmt: skip
keys = st.one_of(st.sampled_from(PLAN_KEYS), st.text(max_size=8))
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20
)  # any character tomlkit can escape
scalars = st.one_of(
    texts,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.times(),
    st.sampled_from([*STATUSES, "进行中", "很高", "120%", "60%", "中", 3, 9, 0.5]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)
items = st.dictionaries(keys, values, max_size=6)
documents = st.fixed_dictionaries(
    {},
    optional={
        "plan": st.one_of(items, values),
        "phases": st.one_of(st.lists(items, max_size=3), values),
        "milestones": st.one_of(st.lists(items, max_size=3), values),
        "tasks": st.lists(items, max_size=3),
        "risks": st.lists(items, max_size=3),
        "kpis": st.lists(items, max_size=3),
        "extra": values,
    },
)


@PROPS
@given(documents)
def test_any_toml_document_gives_a_result(document: dict[str, Any]) -> None:
    text = tomlkit.dumps(document)
    assert_sound(load_bytes(text.encode(), PATH))


@PROPS
@given(st.dictionaries(keys, values, max_size=6))
def test_any_toml_table_gives_a_result(document: dict[str, Any]) -> None:
    assert_sound(load_bytes(tomlkit.dumps(document).encode(), PATH))


# --- valid plans round-trip ---------------------------------------------------------------------

clean = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"),
        blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
    max_size=20,
)
idents = st.text(alphabet=string.ascii_letters + string.digits + ".-_", min_size=1, max_size=6)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
#: Numbers a plan may hold: finite and at most 1e15 either side of 0 (``model.values``).
numbers = st.floats(-MAX_MAGNITUDE, MAX_MAGNITUDE, width=64) | st.integers(-(2**40), 2**40)
levels = st.one_of(
    st.integers(1, 5),
    st.sampled_from(["极低", "低", "中", "高", "极高", "very low", "low", "medium", "high"]),
    st.integers(0, 100).map(lambda n: f"{n}%"),
    st.floats(0, 1),
)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    """A plan as the dict a file holds, every reference resolving and every span in order."""

    def span() -> tuple[dt.date, dt.date]:
        first, second = sorted((draw(dates), draw(dates)))
        return first, second

    def section(count: int) -> list[str]:
        return draw(st.lists(idents, min_size=0, max_size=count, unique=True))

    start, end = span()
    doc: dict[str, Any] = {
        "plan": drop_none(
            {"name": draw(clean), "owner": draw(optional(clean)), "start": start, "end": end}
        )
    }
    phases = section(3)
    doc["phases"] = []
    for ident in phases:
        first, last = span()
        phase = {"id": ident, "name": draw(clean), "start": first, "end": last}
        phase["goals"] = draw(st.lists(clean, max_size=3))
        phase["headcount"] = draw(optional(st.floats(0, 100)))
        phase["budget"] = draw(optional(clean | st.integers(0, 10**9)))
        doc["phases"].append(drop_none(phase))
    milestones = section(4)
    doc["milestones"] = [
        drop_none(
            {
                "id": ident,
                "title": draw(clean),
                "due": draw(dates),
                "status": draw(st.sampled_from(STATUSES)),
                "phase": draw(optional(st.sampled_from(phases))) if phases else None,
                "done_on": draw(optional(dates)),
                "note": draw(optional(clean)),
            }
        )
        for ident in milestones
    ]
    doc["tasks"] = [
        drop_none(
            {
                "id": ident,
                "title": draw(clean),
                "status": draw(optional(st.sampled_from(STATUSES))),
                "done": draw(optional(st.booleans())),
                "milestone": draw(optional(st.sampled_from(milestones))) if milestones else None,
                "estimate_hours": draw(optional(st.floats(0, 1000))),
            }
        )
        for ident in section(4)
    ]
    doc["risks"] = [
        drop_none(
            {
                "id": ident,
                "title": draw(clean),
                "probability": draw(levels),
                "impact": draw(levels),
                "status": draw(st.sampled_from(["open", "mitigating", "closed"])),
            }
        )
        for ident in section(3)
    ]
    point = st.builds(lambda date, value: {"date": date, "value": value}, dates, numbers)
    doc["kpis"] = [
        drop_none(
            {
                "id": ident,
                "name": draw(clean),
                "unit": draw(optional(clean)),
                "better": draw(st.sampled_from(["higher", "lower"])),
                "actuals": draw(st.lists(point, max_size=3)),
                "targets": draw(st.lists(point, max_size=3)),
            }
        )
        for ident in section(3)
    ]
    return {key: value for key, value in doc.items() if value != []}


def drop_none(item: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if value is not None}


def expected_plan(doc: dict[str, Any]) -> Plan:
    """The Plan the loader should build, made without the loader."""

    def points(items: list[dict[str, Any]]) -> tuple[Point, ...]:
        return tuple(Point(date=p["date"], value=float(p["value"])) for p in items)

    return Plan(
        plan=PlanInfo(**doc["plan"]),
        phases=tuple(
            Phase(**{**p, "goals": tuple(p.get("goals", ()))}) for p in doc.get("phases", [])
        ),
        milestones=tuple(Milestone(**m) for m in doc.get("milestones", [])),
        tasks=tuple(Task(**t) for t in doc.get("tasks", [])),
        risks=tuple(Risk(**r) for r in doc.get("risks", [])),
        kpis=tuple(
            Kpi(**{**k, "actuals": points(k["actuals"]), "targets": points(k["targets"])})
            for k in doc.get("kpis", [])
        ),
    )


@PROPS
@given(plans())
def test_a_valid_plan_loads_without_errors_and_round_trips(doc: dict[str, Any]) -> None:
    text = tomlkit.dumps(doc)
    result = load_bytes(text.encode(), PATH)
    assert result.errors == (), [str(p) for p in result.errors]
    assert result.plan == expected_plan(doc)
    # Only the two warnings a valid plan may earn.
    for warning in result.warnings:
        assert warning.message.endswith(
            ("done but has no done_on date", "has both status and done; status wins")
        ), warning.message


@PROPS
@given(plans())
def test_a_valid_plan_with_crlf_and_a_bom_loads_the_same(doc: dict[str, Any]) -> None:
    text = tomlkit.dumps(doc)
    plain = load_bytes(text.encode(), PATH)
    assert plain.plan is not None
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    other = load_bytes(data, PATH)
    assert other.plan is not None
    # A multi-line string keeps the CRLF normalised to LF (TOML allows it): compare values.
    assert other.plan == plain.plan
    assert [(p.line, p.message) for p in other.problems] == [
        (p.line, p.message) for p in plain.problems
    ]


# --- control characters -------------------------------------------------------------------------

noisy = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.characters(min_codepoint=0, max_codepoint=0x9F),
        st.sampled_from("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\t\n\r"),
    ),
    max_size=30,
)


def without_controls(text: str) -> str:
    """The text minus C0/C1 controls (tab and newline kept) and bidi controls, by definition."""
    return "".join(
        char
        for char in text
        if not (unicodedata.category(char) == "Cc" and char not in "\t\n")
        and not 0x202A <= ord(char) <= 0x202E
        and not 0x2066 <= ord(char) <= 0x2069
    )


@PROPS
@given(noisy, noisy, st.lists(noisy, max_size=3))
def test_control_characters_are_removed_from_loaded_strings(
    name: str, title: str, goals: list[str]
) -> None:
    doc = {
        "plan": {"name": name},
        "phases": [
            {
                "id": "P1",
                "name": title,
                "start": dt.date(2025, 1, 1),
                "end": dt.date(2025, 2, 1),
                "goals": goals,
            }
        ],
    }
    result = load_bytes(tomlkit.dumps(doc).encode(), PATH)
    assert result.plan is not None, [str(p) for p in result.problems]
    assert result.plan.name == without_controls(name)
    assert result.plan.phases[0].name == without_controls(title)
    assert result.plan.phases[0].goals == tuple(without_controls(goal) for goal in goals)
    assert clean_text(title) == without_controls(title)
