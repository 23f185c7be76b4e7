"""Cases other than proposals: a feature's own diagram in bpmn/, run with the proposal's inbox,
deadlines, notifications and worker (ARCHITECTURE.md, "Cases other than proposals")."""
