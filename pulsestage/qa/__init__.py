"""Q&A: questions, upvotes, answers, pin/freeze, tags, search, moderation and presentation mode."""
