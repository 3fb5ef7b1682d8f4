-- The regency report and the list of unanswered calls judge a call by all its legs, as merged in callback_call, and
-- place it in a period by its first leg's start (issue 19): they read callback_call by started_at.
CREATE INDEX callback_call_started ON callback_call (started_at DESC, call_id);
CREATE INDEX callback_call_unanswered ON callback_call (started_at DESC, call_id) WHERE NOT answered;
