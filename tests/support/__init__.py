"""Shared test helpers: database and Redis servers, the cast of tenants and users."""
