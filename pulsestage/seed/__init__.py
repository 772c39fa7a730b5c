"""The documented demo data: `seed()` for `pulsestage seed` / `make db-seed`, `seed_if_empty()` for dev."""

from pulsestage.seed.load import seed, seed_if_empty
from pulsestage.seed.report import SeedReport

__all__ = ["SeedReport", "seed", "seed_if_empty"]
