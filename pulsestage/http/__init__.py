"""HTTP plumbing shared by every area: middlewares, errors, probes, SPA, JSON helpers."""
