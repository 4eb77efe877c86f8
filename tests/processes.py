"""What the kernel says about a process, for tests that must prove a child was killed or reaped."""

from __future__ import annotations

from pathlib import Path


def process_state(pid: int) -> str | None:
    """The kernel's one-letter state (R, S, T, Z...), or None once the process is reaped."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    return stat_line.rpartition(")")[2].split()[0]


def has_exited(pid: int) -> bool:
    """Gone, or a zombie (exited; reaping it is its parent's business)."""
    return process_state(pid) in (None, "Z", "X")
