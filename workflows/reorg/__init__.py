"""Organisation events applied: a rename, merge, split, transfer, dissolution or establishment
checked (`checks`), previewed and applied with what moves with it (`moves`, `events`).

Above `process` in the layers: moving an open proposal's waiting step goes through the
runtime's lock, the audit trail and the handover notices.
"""
