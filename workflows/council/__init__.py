"""The councils: secret ballots per member, the ballot box, its quorum and thresholds, and what
closing a box does to the round."""
