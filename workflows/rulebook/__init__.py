"""The province's own rules as dated versions (table province_rule) that overlay the defaults
shipped in workflows/data/: `store` reads and writes the versions, `kinds` checks each kind's
value. The readers (council.rules, deadlines.due_dates, awards.dossier, awards.procedure) ask
`store.in_force` for what the province set on their day and fall back to the shipped file."""
