"""Emulation movements: loading and finding them, their participants, targets and headcounts."""
