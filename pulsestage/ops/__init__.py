"""Operations: readiness state, backups, preflight, scheduling locks."""
