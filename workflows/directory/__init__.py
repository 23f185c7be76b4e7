"""Who is who: organisations, accounts, roles and access, passwords, API tokens, login
throttling."""
