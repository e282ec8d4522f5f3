"""What the import left out, as ``FILE:LINE: not imported: why`` lines (runs grouped), the
decisions it took where the document was ambiguous, and the one-line summary."""

from __future__ import annotations

import re

from roadmap_tui.importer.draft import PlanDraft

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
#: Runs at least this long are reported as one line.
GROUP_FROM = 3


def safe(text: str) -> str:
    """Text fit for a terminal: no control characters or escape sequences."""
    return _UNSAFE.sub("?", text)


def _excerpt(text: str) -> str:
    text = safe(text.strip())
    return text if len(text) <= 40 else text[:39] + "…"


def not_imported(
    source: str,
    lines: tuple[str, ...],
    skipped: list[int],
    reasons: dict[int, str],
    structure: frozenset[int],
) -> list[str]:
    """One message per left-out line, or per run of left-out lines with the same reason."""
    out: list[str] = []
    run: list[int] = []

    def flush() -> None:
        if not run:
            return
        why = safe(reasons.get(run[0], "not plan data"))
        if len(run) >= GROUP_FROM:
            out.append(f"{source}:{run[0]}-{run[-1]}: not imported: {why} ({len(run)} lines)")
        else:
            for number in run:
                excerpt = _excerpt(lines[number - 1])
                out.append(f"{source}:{number}: not imported: {why}: {excerpt}")
        run.clear()

    previous = 0
    for number in skipped:
        gap = range(previous + 1, number)
        adjacent = all(not lines[n - 1].strip() or n in structure for n in gap)
        same = run and reasons.get(run[0]) == reasons.get(number)
        if not (run and adjacent and same):
            flush()
        run.append(number)
        previous = number
    flush()
    return out


def summary(plan: PlanDraft, left_out: int) -> str:
    counts = plan.counts()
    parts = [
        f"{counts['phases']} phases",
        f"{counts['milestones']} milestones",
        f"{counts['tasks']} tasks",
        f"{counts['deliverables']} deliverables",
        f"{counts['acceptance']} acceptance criteria",
        f"{counts['risks']} risks",
        f"{counts['kpis']} KPIs",
    ]
    if counts["people"]:
        parts.append(f"{counts['people']} people")
    plural = "line" if left_out == 1 else "lines"
    return f"imported {', '.join(parts)}; {left_out} {plural} not imported"
