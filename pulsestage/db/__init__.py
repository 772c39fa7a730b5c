"""Database access: the pool, the embedded server, migrations and the tenant door."""
