"""People: the current user's profile and preferences; admin user management."""
