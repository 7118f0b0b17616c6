-- Panel sessions carry their user's session stamp; a new stamp (new password, "sign out everywhere") ends every
-- session made before it. SQLite's ADD COLUMN takes only a constant default, so existing users get their own random
-- stamp in a second step: sessions from before this version carry no stamp and end once, at the upgrade.
ALTER TABLE users ADD COLUMN session_stamp TEXT NOT NULL DEFAULT '';
UPDATE users SET session_stamp = lower(hex(randomblob(16))) WHERE session_stamp = '';
