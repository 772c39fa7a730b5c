"""One module per benchmark; each exposes NAME, TITLE and run() -> Result."""
