"""`python -m bench`: every benchmark in turn (what `make bench` runs).

Options are passed to each script: --tiny, --no-postgres, --out DIR.
`python -m bench engine_ratio rounds` runs only those.
"""

from __future__ import annotations

import sys
import time

from bench import engine_ratio, inbox_scale, request_cost, rounds

SCRIPTS = {
    "engine_ratio": engine_ratio.main,
    "inbox_scale": inbox_scale.main,
    "rounds": rounds.main,
    "request_cost": request_cost.main,
}


def main(argv: list[str]) -> int:
    names = [a for a in argv if a in SCRIPTS] or list(SCRIPTS)
    options = [a for a in argv if a not in SCRIPTS]
    for name in names:
        print(f"\n=== {name} {' '.join(options)}", flush=True)
        t0 = time.perf_counter()
        status = SCRIPTS[name](options)
        print(f"=== {name}: {time.perf_counter() - t0:.0f} s", flush=True)
        if status:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
