"""Teams and team memberships."""
