"""First-run setup: create the organisation, its owner and first team, then close for good."""
