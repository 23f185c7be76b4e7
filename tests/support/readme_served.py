"""What the tests that start tdkt as the README does (`tdkt init`, `tdkt demo`, `tdkt serve` in
a fresh shell) share: a port of their own and the environment of that shell."""

from __future__ import annotations

import os
import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_ports(ports: range, n: int = 1) -> list[int]:
    """Up to `n` ports of `ports` that nothing listens on (a feature's own range: one machine,
    several people's servers); fewer when the range is taken."""
    found: list[int] = []
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == n:
            break
    return found


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a fresh shell: no TDKT_ setting the tests' own runs may have."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TDKT_")}
    env["PYTHONPATH"] = str(ROOT)
    return {**env, **extra}
