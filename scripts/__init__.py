"""Reliability scripts (concurrency, crash) and the disposable databases they and the tests use."""
