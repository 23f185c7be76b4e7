"""What every benchmark shares: the machine's description, percentiles, tables, result files."""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import subprocess
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100): a value that was really measured."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil(n*q/100), at least 1
    return ordered[int(min(rank, len(ordered))) - 1]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of `repeat` calls of fn."""
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def median(values: Iterable[float]) -> float:
    values = list(values)
    return statistics.median(values) if values else float("nan")


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *cells: object) -> None:
        self.rows.append([str(c) for c in cells])

    def markdown(self) -> str:
        lines = [f"### {self.title}", ""]
        lines.append("| " + " | ".join(self.columns) + " |")
        lines.append("|" + "|".join("---" for _ in self.columns) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        lines += [""] + [f"- {note}" for note in self.notes]
        return "\n".join(lines).rstrip() + "\n"

    def text(self) -> str:
        widths = [
            max(len(c), *(len(r[i]) for r in self.rows)) if self.rows else len(c)
            for i, c in enumerate(self.columns)
        ]
        fmt = "  ".join(f"{{:<{w}}}" for w in widths)
        lines = [self.title, fmt.format(*self.columns), fmt.format(*("-" * w for w in widths))]
        lines += [fmt.format(*row) for row in self.rows]
        lines += [f"  {note}" for note in self.notes]
        return "\n".join(lines)


def machine(pg_version: str | None = None) -> dict[str, str]:
    """The facts a figure depends on, written next to it."""
    cpu = "?"
    mem_kb = 0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    return {
        "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "nproc": str(os.cpu_count()),
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "cpu": cpu,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": pg_version or "not used",
        "commit": _git_commit(),
    }


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            cwd=Path(__file__).resolve().parent,
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
            cwd=Path(__file__).resolve().parent,
        )
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "?"


def write_results(
    name: str,
    tables: list[Table],
    *,
    out_dir: Path | None = None,
    pg_version: str | None = None,
    command: str = "",
) -> Path:
    """Print the tables and write them to <out_dir>/<name>-<date>.md; returns the file."""
    facts = machine(pg_version)
    out_dir = out_dir or RESULTS_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}-{datetime.now().strftime('%Y-%m-%d')}.md"
    head = [f"# {name}", ""]
    if command:
        head += [f"Command: `{command}`", ""]
    head += ["| machine | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in facts.items()] + [""]
    body = "\n".join(t.markdown() for t in tables)
    path.write_text("\n".join(head) + "\n" + body, encoding="utf-8")
    for table in tables:
        print()
        print(table.text())
    print(f"\nwritten: {path}")
    return path


def base_parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--tiny", action="store_true", help="a few rows/rounds, SQLite only (smoke test)"
    )
    parser.add_argument(
        "--no-postgres", action="store_true", help="SQLite only (no PostgreSQL cluster)"
    )
    parser.add_argument("--out", type=Path, default=None, help="results folder (bench/results)")
    return parser


def cpu_seconds(pids: list[int]) -> tuple[float, float]:
    """User and system CPU of these processes so far, in seconds (a process gone counts 0)."""
    user = system = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        user, system = user + int(fields[11]), system + int(fields[12])  # stat's 14th, 15th
    tick = os.sysconf("SC_CLK_TCK")
    return user / tick, system / tick


def children(pid: int) -> list[int]:
    """The direct children of a process (empty when it is gone)."""
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def peak_rss_kb(pid: int | str = "self") -> int:
    """VmHWM of a process: the peak resident set size, in kB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
