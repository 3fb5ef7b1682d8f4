VACUUM ANALYZE call_leg, callback_call, callback_item, callback_attempt;
