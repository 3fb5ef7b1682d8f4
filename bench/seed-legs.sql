-- Ten million call legs in July 2021 (UTC month) for bench/run.sh, with their idempotency ids and hourly rollups,
-- as if they had arrived through POST /cdrs. 4 in 5 answered after 0–29 s.
CREATE TABLE IF NOT EXISTS call_leg_2021_07 PARTITION OF call_leg
    FOR VALUES FROM ('2021-07-01 00:00:00+00') TO ('2021-08-01 00:00:00+00');
INSERT INTO call_leg (id, call_id, unit, caller, started_at, answered_at, ended_at, disposition)
SELECT 'seed-' || g, 'seed-call-' || (g / 2),
       (ARRAY['POLDA-NTT','POLRESTA-KUPANG-KOTA','POLRES-KUPANG','POLRES-TTS','POLRES-TTU','POLRES-BELU','POLRES-MALAKA',
              'POLRES-ALOR','POLRES-ROTE-NDAO','POLRES-SABU-RAIJUA','POLRES-LEMBATA','POLRES-FLORES-TIMUR','POLRES-SIKKA',
              'POLRES-ENDE','POLRES-NAGEKEO','POLRES-NGADA','POLRES-MANGGARAI','POLRES-MANGGARAI-TIMUR',
              'POLRES-MANGGARAI-BARAT','POLRES-SUMBA-TIMUR','POLRES-SUMBA-BARAT','POLRES-SUMBA-BARAT-DAYA'])[1 + g % 22],
       '+62812' || lpad((g % 1000000)::text, 7, '0'),
       t.at,
       CASE WHEN g % 5 <> 0 THEN t.at + (g % 30) * interval '1 second' END,
       t.at + interval '2 minutes',
       CASE WHEN g % 5 <> 0 THEN 'ANSWERED' ELSE 'NO_ANSWER' END
FROM generate_series(1, 10000000) AS g
CROSS JOIN LATERAL (SELECT timestamptz '2021-07-01 00:00:00+00' + (g % 2678400) * interval '1 second' AS at) AS t;
INSERT INTO leg_seen (id) SELECT id FROM call_leg_2021_07;
INSERT INTO leg_rollup_hourly AS r (unit, hour, incoming, answered, answered_le_5, answered_le_10, answered_le_15,
                                    answered_le_20, answered_le_30, answered_le_60, answer_ms_sum)
SELECT unit, date_trunc('hour', started_at, 'UTC'), count(*), count(*) FILTER (WHERE s IS NOT NULL),
       count(*) FILTER (WHERE s <= 5), count(*) FILTER (WHERE s <= 10), count(*) FILTER (WHERE s <= 15),
       count(*) FILTER (WHERE s <= 20), count(*) FILTER (WHERE s <= 30), count(*) FILTER (WHERE s <= 60),
       coalesce(round(sum(s) * 1000), 0)
FROM (SELECT unit, started_at, extract(epoch FROM answered_at - started_at) AS s FROM call_leg_2021_07) AS legs
GROUP BY 1, 2
ON CONFLICT (unit, hour) DO UPDATE SET incoming = r.incoming + EXCLUDED.incoming, answered = r.answered + EXCLUDED.answered,
    answered_le_5 = r.answered_le_5 + EXCLUDED.answered_le_5, answered_le_10 = r.answered_le_10 + EXCLUDED.answered_le_10,
    answered_le_15 = r.answered_le_15 + EXCLUDED.answered_le_15, answered_le_20 = r.answered_le_20 + EXCLUDED.answered_le_20,
    answered_le_30 = r.answered_le_30 + EXCLUDED.answered_le_30, answered_le_60 = r.answered_le_60 + EXCLUDED.answered_le_60,
    answer_ms_sum = r.answer_ms_sum + EXCLUDED.answer_ms_sum;
