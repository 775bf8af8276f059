-- The frame of each answer: what kind of question the engine took it for (`choice`,
-- `help_code`, `chatter`, … : the engine's short labels). Old rows, logged before frames, keep
-- '' (unknown), which reads back as no frame.
ALTER TABLE questions ADD COLUMN frame TEXT NOT NULL DEFAULT '';
