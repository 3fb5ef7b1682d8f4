-- The call-back queue benchmark's data (bench/run.sh, benchmark 6): about ten million legs over the twelve months of
-- 2022, as calls through the telephony edge would leave them, and the queue derived from them with the rules of
-- CallbackQueue (set-based here, as a bulk load; the service recomputes one caller at a time).
-- Calls n = 1..7,940,000, one every ~4 s. Of 100 calls: 0–59 answered by the first desk; 60–78 missed by a polres and
-- answered by Polda (two legs); 79–85 missed by a polres and Polda (two legs); 86–99 missed, one leg: 21% unanswered,
-- as in the seed week. Every 31st call has no number (withheld); the others come from 1.5 million numbers, three calls
-- in a row from one number (a caller redialling), so that a miss is often followed by the caller getting through.
-- Leg ids are not registered in leg_seen and calls not linked to their items (callback_call.item_id): nothing replays
-- or recomputes these callers during the benchmark, and both would double the seeding time.
DO $$
BEGIN
    FOR m IN 1..12 LOOP
        EXECUTE format('CREATE TABLE IF NOT EXISTS call_leg_2022_%s PARTITION OF call_leg FOR VALUES FROM (%L) TO (%L)',
            lpad(m::text, 2, '0'), make_timestamptz(2022, m, 1, 0, 0, 0, 'UTC'),
            make_timestamptz(2022, m, 1, 0, 0, 0, 'UTC') + interval '1 month');
    END LOOP;
END $$;

CREATE UNLOGGED TABLE bench_call AS
SELECT n, 'q-' || n AS call_id,
       CASE WHEN n % 31 = 0 THEN NULL ELSE '+62812' || lpad((((n / 3)::bigint * 7919) % 1500000)::text, 7, '0') END AS caller,
       timestamptz '2022-01-01 00:00:00+00' + (n * 3.97) * interval '1 second' AS at,
       (ARRAY['POLDA-NTT','POLRESTA-KUPANG-KOTA','POLRES-KUPANG','POLRES-TTS','POLRES-TTU','POLRES-BELU','POLRES-MALAKA',
              'POLRES-ALOR','POLRES-ROTE-NDAO','POLRES-SABU-RAIJUA','POLRES-LEMBATA','POLRES-FLORES-TIMUR','POLRES-SIKKA',
              'POLRES-ENDE','POLRES-NAGEKEO','POLRES-NGADA','POLRES-MANGGARAI','POLRES-MANGGARAI-TIMUR',
              'POLRES-MANGGARAI-BARAT','POLRES-SUMBA-TIMUR','POLRES-SUMBA-BARAT','POLRES-SUMBA-BARAT-DAYA'])[1 + n % 22] AS unit,
       n % 100 AS kind
FROM generate_series(1, 7940000) AS n;

-- First legs, then the Polda legs of overflowed calls (10 s later).
INSERT INTO call_leg (id, call_id, unit, caller, started_at, answered_at, ended_at, disposition)
SELECT call_id || '-1', call_id, unit, caller, at,
       CASE WHEN kind < 60 THEN at + (n % 25) * interval '1 second' END, at + interval '90 seconds',
       CASE WHEN kind < 60 THEN 'ANSWERED' ELSE (ARRAY['NO_ANSWER','BUSY','ABANDONED','FAILED'])[1 + n % 4] END
FROM bench_call;
INSERT INTO call_leg (id, call_id, unit, caller, started_at, answered_at, ended_at, disposition)
SELECT call_id || '-2', call_id, 'POLDA-NTT', caller, at + interval '10 seconds',
       CASE WHEN kind < 79 THEN at + interval '10 seconds' + (n % 20) * interval '1 second' END, at + interval '100 seconds',
       CASE WHEN kind < 79 THEN 'ANSWERED' ELSE 'BUSY' END
FROM bench_call WHERE kind BETWEEN 60 AND 85;
-- The queue's view of each call, as ingestion builds it (from the same columns as the legs above).
INSERT INTO callback_call (call_id, caller, started_at, first_unit, units, answered, answered_unit, answered_at)
SELECT call_id, caller, at, unit,
       CASE WHEN kind BETWEEN 60 AND 85 AND unit <> 'POLDA-NTT' THEN ARRAY['POLDA-NTT', unit] ELSE ARRAY[unit] END,
       kind < 79, CASE WHEN kind < 60 THEN unit WHEN kind < 79 THEN 'POLDA-NTT' END,
       CASE WHEN kind < 60 THEN at + (n % 25) * interval '1 second'
            WHEN kind < 79 THEN at + interval '10 seconds' + (n % 20) * interval '1 second' END
FROM bench_call;

-- Items: a number's missed calls at one first desk between two of its answered calls; closed by the next answered call.
CREATE UNLOGGED TABLE bench_seg AS
SELECT call_id, caller, started_at, first_unit, units, answered, answered_unit, answered_at,
       count(*) FILTER (WHERE answered) OVER (PARTITION BY caller ORDER BY started_at, call_id) AS seg
FROM callback_call WHERE caller IS NOT NULL AND started_at >= '2022-01-01 00:00:00+00';
CREATE UNLOGGED TABLE bench_item AS
SELECT s.caller, s.first_unit AS unit, s.seg, min(s.started_at) AS first_missed_at, max(s.started_at) AS last_missed_at,
       count(*) AS missed_calls,
       (SELECT array_agg(DISTINCT u ORDER BY u) FROM unnest(array_agg(s.units[1]) || array_agg(s.units[array_length(s.units, 1)])) AS u) AS desks
FROM bench_seg s WHERE NOT s.answered GROUP BY s.caller, s.first_unit, s.seg;
INSERT INTO callback_item (caller, unit, first_missed_at, last_missed_at, missed_calls, desks_rung, status, outcome, closed_at,
                           closed_by, got_through_call, got_through_unit)
SELECT i.caller, i.unit, i.first_missed_at, i.last_missed_at, i.missed_calls, i.desks,
       CASE WHEN c.call_id IS NULL THEN 'OPEN' ELSE 'CLOSED' END, CASE WHEN c.call_id IS NOT NULL THEN 'CALLER_GOT_THROUGH' END,
       c.answered_at, CASE WHEN c.call_id IS NOT NULL THEN 'system' END, c.call_id, c.answered_unit
FROM bench_item i LEFT JOIN bench_seg c ON c.caller = i.caller AND c.seg = i.seg + 1 AND c.answered;

-- Desks call back: of the open items, 7 in 10 get an attempt 3–120 minutes after the first miss (half of those within
-- 15 minutes); 6 of those 7 close it (REACHED, WRONG_NUMBER, PRANK, NOT_NEEDED), the 7th stays open (NO_ANSWER).
CREATE UNLOGGED TABLE bench_attempt AS
SELECT id, first_missed_at + ((id * 37) % 118 + 3) * interval '1 minute' * CASE WHEN id % 2 = 0 THEN 0.12 ELSE 1 END AS at,
       (ARRAY['REACHED','REACHED','REACHED','WRONG_NUMBER','PRANK','NOT_NEEDED','NO_ANSWER'])[1 + id % 7] AS outcome
FROM callback_item WHERE status = 'OPEN' AND id % 10 < 7;
INSERT INTO callback_attempt (item_id, at, by, outcome) SELECT id, at, 'operator-bench', outcome FROM bench_attempt;
UPDATE callback_item i SET attempts = 1, first_attempt_at = a.at,
       status = CASE WHEN a.outcome = 'NO_ANSWER' THEN 'OPEN' ELSE 'CLOSED' END,
       outcome = CASE WHEN a.outcome = 'NO_ANSWER' THEN NULL ELSE a.outcome END,
       closed_at = CASE WHEN a.outcome = 'NO_ANSWER' THEN NULL ELSE a.at END,
       closed_by = CASE WHEN a.outcome = 'NO_ANSWER' THEN NULL ELSE 'operator-bench' END
FROM bench_attempt a WHERE a.id = i.id;
-- The daily rollup, as CallbackRollup keeps it; the wait histogram's upper edges (minutes) are CallbackRollup.EDGES.
CREATE UNLOGGED TABLE bench_wait AS
SELECT unit, (first_missed_at AT TIME ZONE 'Asia/Makassar')::date AS day,
       (SELECT count(*) FROM unnest(ARRAY[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 18, 20, 25, 30, 35, 40, 45, 50, 55, 60, 75, 90,
        105, 120, 135, 150, 165, 180, 240, 300, 360, 420, 480, 540, 600, 660, 720, 780, 840, 900, 960, 1020, 1080, 1140, 1200,
        1260, 1320, 1380, 1440, 2880, 4320, 5760, 7200, 8640, 10080]) AS e
        WHERE e <= floor(extract(epoch FROM first_attempt_at - first_missed_at) / 60)) AS bucket, count(*) AS items
FROM callback_item WHERE first_attempt_at IS NOT NULL AND first_missed_at >= '2022-01-01 00:00:00+00' GROUP BY 1, 2, 3;
INSERT INTO callback_rollup_daily AS r (unit, day, missed_callers, self_resolved, reached, closed_other, open,
                                        not_self_resolved, within_15_min, wait_hist)
SELECT c.unit, c.day, c.missed_callers, c.self_resolved, c.reached, c.closed_other, c.open, c.not_self_resolved, c.within_15_min,
       ARRAY(SELECT coalesce(w.items, 0) FROM generate_series(0, 58) AS b
             LEFT JOIN bench_wait w ON w.unit = c.unit AND w.day = c.day AND w.bucket = b ORDER BY b)
FROM (SELECT unit, (first_missed_at AT TIME ZONE 'Asia/Makassar')::date AS day, count(*) AS missed_callers,
             count(*) FILTER (WHERE outcome = 'CALLER_GOT_THROUGH') AS self_resolved, count(*) FILTER (WHERE outcome = 'REACHED') AS reached,
             count(*) FILTER (WHERE outcome IN ('WRONG_NUMBER', 'PRANK', 'NOT_NEEDED')) AS closed_other,
             count(*) FILTER (WHERE status = 'OPEN') AS open, count(*) FILTER (WHERE outcome IS DISTINCT FROM 'CALLER_GOT_THROUGH') AS not_self_resolved,
             count(*) FILTER (WHERE outcome IS DISTINCT FROM 'CALLER_GOT_THROUGH' AND first_attempt_at <= first_missed_at + interval '15 minutes') AS within_15_min
      FROM callback_item WHERE first_missed_at >= '2022-01-01 00:00:00+00' GROUP BY 1, 2) AS c
ON CONFLICT (unit, day) DO UPDATE SET missed_callers = r.missed_callers + EXCLUDED.missed_callers,
    self_resolved = r.self_resolved + EXCLUDED.self_resolved, reached = r.reached + EXCLUDED.reached,
    closed_other = r.closed_other + EXCLUDED.closed_other, open = r.open + EXCLUDED.open,
    not_self_resolved = r.not_self_resolved + EXCLUDED.not_self_resolved, within_15_min = r.within_15_min + EXCLUDED.within_15_min,
    wait_hist = ARRAY(SELECT a + b FROM unnest(r.wait_hist, EXCLUDED.wait_hist) WITH ORDINALITY AS h (a, b, i) ORDER BY i);
DROP TABLE bench_call, bench_seg, bench_item, bench_attempt, bench_wait;
