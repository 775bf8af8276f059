-- The voter hash key no longer lives in the store (it comes from VERSUS_FEEDBACK_KEY, a key
-- file, or a daily key kept in memory): a key beside the hashes let anyone holding a copy of
-- the database match them against Discord ids. Forget the one 0001's versions wrote.
DELETE FROM meta WHERE k = 'voter_key';
