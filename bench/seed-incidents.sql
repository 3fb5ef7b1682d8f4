-- One million incidents spread over two years and the 22 desks, for bench/run.sh. Numbers carry a BENCH- prefix so
-- they never collide with the service's own counter.
INSERT INTO incident (id, number, unit, category, priority, status, summary, description, caller_phone, reported_by,
                      created_at, updated_at, ended_at, version)
SELECT gen_random_uuid(),
       'BENCH-' || g,
       (ARRAY['POLDA-NTT','POLRESTA-KUPANG-KOTA','POLRES-KUPANG','POLRES-TTS','POLRES-TTU','POLRES-BELU','POLRES-MALAKA',
              'POLRES-ALOR','POLRES-ROTE-NDAO','POLRES-SABU-RAIJUA','POLRES-LEMBATA','POLRES-FLORES-TIMUR','POLRES-SIKKA',
              'POLRES-ENDE','POLRES-NAGEKEO','POLRES-NGADA','POLRES-MANGGARAI','POLRES-MANGGARAI-TIMUR',
              'POLRES-MANGGARAI-BARAT','POLRES-SUMBA-TIMUR','POLRES-SUMBA-BARAT','POLRES-SUMBA-BARAT-DAYA'])[1 + g % 22],
       (ARRAY['KEJAHATAN','PELANGGARAN','KECELAKAAN','BENCANA_ALAM','KERUSUHAN','LAINNYA'])[1 + (g / 7) % 6],
       (ARRAY['LOW','MEDIUM','HIGH','CRITICAL'])[1 + (g / 3) % 4],
       s.status,
       (ARRAY['Pencurian motor','Kecelakaan lalu lintas','Perkelahian di pasar','Banjir di desa','Rumah terbakar',
              'Orang hilang','Penipuan telepon','Tanah longsor'])[1 + (g / 11) % 8] || ' #' || g,
       CASE WHEN g % 3 = 0 THEN 'Laporan warga melalui 110, petugas diminta segera datang ke lokasi' END,
       CASE WHEN g % 4 = 0 THEN '+62812' || lpad((g % 500000)::text, 7, '0') END,
       'bench',
       t.at, t.at,
       CASE WHEN s.status IN ('CLOSED', 'PRANK') THEN t.at + interval '1 hour' END,
       1
FROM generate_series(1, 1000000) AS g
CROSS JOIN LATERAL (SELECT now() - (g % 730) * interval '1 day' - (g % 86400) * interval '1 second' AS at) AS t
CROSS JOIN LATERAL (SELECT (ARRAY['RECEIVED','DISPATCHED','RESOLVED','CLOSED','CLOSED','CLOSED','PRANK','PRANK'])[1 + g % 8]
                    AS status) AS s;

