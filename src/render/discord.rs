//! Discord embeds (filled in by the bot work).
