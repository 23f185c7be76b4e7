"""Checking nominees against the award criteria (bpmn/eligibility.dmn): the facts from history, the
rules, the checks."""
