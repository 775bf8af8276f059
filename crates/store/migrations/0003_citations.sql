-- The citations an answer gave, so the admin page can show what a 👎 answer quoted: one
-- `source/entry` per line (ids from faq/, never text from the asker). Old rows have none.
-- (0002 is the privacy migration, written in parallel; sqlx applies whichever is missing.)
ALTER TABLE questions ADD COLUMN citations TEXT NOT NULL DEFAULT '';
