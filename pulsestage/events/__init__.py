"""Live updates: the event bus (ids, replay, per-subscriber filters, Redis relay) and GET /events."""
