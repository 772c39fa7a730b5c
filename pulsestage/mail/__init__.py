"""Outgoing e-mail: templates, a durable queue (memory or Redis), the worker, providers, the dev sink."""
