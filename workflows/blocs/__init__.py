"""The bloc's or cluster's year: the pledge and its scoring table, self-scoring with evidence,
the cross-check, the members' secret ballot, the ranking with its tie-break, the endorsements
that feed the proposals' endorsement step, and the election of next year's head and deputy
(bpmn/bloc_scoring.bpmn)."""
