"""Benchmarks: engine overhead, inbox at scale, cost per revision round, memory.

Run them all with `make bench`, or one with `python -m bench.<name> --help`.
Each prints a table and writes it, with the machine and the date, to bench/results/.
"""
