"""The runtime of a running process: one object per locked instance, its inbox rows, timer rows,
the review of a step, step forms, the audit trail and the timeline."""
