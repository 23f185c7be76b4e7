"""The engine's own share of a completed task, counted in Python calls (bench/bare.py): a
budget, like the statement budgets, so that walking the whole tree node by node through the
library's iterators or the registry's dispatch per task cannot creep back (issue 19).

Calls, not time: cProfile's counts do not move with the machine's load."""

from bench import bare

#: per completed task of the LĐTT path, through the app's storage (deserialise, complete one
#: task, run to the next wait, serialise). Measured 959 and 302 on 07/12/2026; 3,687 and 415
#: before workflows.engine.walk and the direct converters.
SPIFF_BUDGET = 1_050
ENGINE_BUDGET = 350


def test_the_engine_share_of_a_completion_stays_within_its_budget():
    counted = bare.calls(bare.AppStorage(), 2)
    assert counted.spiff <= SPIFF_BUDGET, counted
    assert counted.engine <= ENGINE_BUDGET, counted


def test_bench_bare_prints_both_variants(capsys):
    assert bare.main(["--tiny"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| bare")]
    assert len(rows) == 2 and all(int(row.split("|")[3]) > 0 for row in rows)
