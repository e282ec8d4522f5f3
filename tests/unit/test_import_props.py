"""No Markdown input crashes ``roadmap-tui import``: a plan, "nothing plannable" (1) or a
usage message (2), never a traceback; and whatever is written passes ``check``."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_tui.cli import main
from roadmap_tui.importer import NeedsAnchorError, import_markdown
from roadmap_tui.store.loader import load_bytes

FRAGMENTS = [
    "# Plan",
    "## Q1 2025: Start",
    "## 第一阶段：基础",
    "### Week 3",
    "### 里程碑1：功能（2个月）",
    "## v1.2 (July – September 2025)",
    "#### Day 1-2: 选举",
    "**时间**: 2025年1月 - 2025年3月",
    "**负责人**: Ana",
    "**截止日期**: 2025年10月30日",
    "**优先级**：高",
    "**验收标准**:",
    "**关键交付物**:",
    "**KPI**:",
    "Last updated: 2025-01-10",
    "- [ ] task",
    "- [x] done thing",
    "  - nested",
    "✅ shipped",
    "□ open",
    "1. **M1.2: K8s** (2024-10-28)",
    "   - **风险**: 复杂",
    "| 里程碑 | 计划日期 | 状态 |",
    "|---|---|---|",
    "| M1.1: A | 2024-10-14 | 🟡 计划中 |",
    "| 风险 | 概率 | 影响 |",
    "| X | 高 | 🔴 |",
    "| 指标 | 当前 | Q1目标 | 3个月 |",
    "| p95 | 420 | <300 | 50% |",
    "```text",
    "```bash",
    "```",
    "│ 时间: 2025年1月 - 2025年3月 │",
    "│ 人力: 3.5人 │",
    "Week 1-2  ████░░  Read Index实现",
    "依赖数: 270+ → <150",
    "指标                当前      Q1目标",
    "QPS                 30K       50K",
    "日期: 2024-XX-XX [填写]",
    "第2个月末",
    "## v1.0 ✅",
    "Released: 2024-05-01",
    "Depends on: M1.1, v1.0",
    "### Must have",
    "## Backlog",
    "",
    "---",
    "\x1b[31m\x07",
]
documents = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=30).map(
    "\n".join
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents, anchored=st.booleans())
def test_any_markdown_imports_or_explains(text: str, anchored: bool) -> None:
    anchor = dt.date(2025, 1, 6) if anchored else None
    try:
        result = import_markdown(text, "doc.md", anchor)
    except NeedsAnchorError as error:
        assert not anchored
        assert error.line >= 1
        return
    for message in result.messages:
        assert "\x1b" not in message and "\x07" not in message
    if result.text is not None:
        loaded = load_bytes(result.text.encode("utf-8"), Path("doc.toml"))
        assert loaded.errors == (), [str(p) for p in loaded.errors]
        assert import_markdown(text, "doc.md", anchor).text == result.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300))
def test_any_bytes_give_an_exit_code_not_a_traceback(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.md"
        source.write_bytes(data)
        result = CliRunner().invoke(main, ["import", str(source)])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr
