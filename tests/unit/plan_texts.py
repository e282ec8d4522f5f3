"""Plan texts several unit test modules start from (tests/unit is on sys.path under pytest)."""

#: A small valid plan: one phase, one milestone in it.
GOOD = """\
[plan]
name = "Dispa"

[[phases]]
id = "P1"
name = "核心功能增强"
start = 2024-10-01
end = 2024-11-30

[[milestones]]
id = "M1.1"
title = "服务发现框架"
due = 2024-10-14
status = "todo"
phase = "P1"
"""
