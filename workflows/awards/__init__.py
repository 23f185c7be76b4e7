"""The award catalogue and what an award costs or is capped by: quotas, money, decisions, the rule
set in force."""
