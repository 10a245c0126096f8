-- The Central Asia sample loaded by `dipcal init --demo`.
-- Facts: Consultative Meetings of the Heads of State of Central Asia,
-- 2018-2025, from the member states' official news agencies. Summits are
-- all-day meetings (their dates are known, their hours mostly not).
-- The 8th meeting's date has not been announced: the one below is a
-- placeholder for planning, marked as such in its notes.

INSERT INTO state(code, name, tz, capital) VALUES
	('AZ', 'Azerbaijan', 'Asia/Baku', 'Baku'),
	('KG', 'Kyrgyzstan', 'Asia/Bishkek', 'Bishkek'),
	('KZ', 'Kazakhstan', 'Asia/Almaty', 'Astana'),
	('TJ', 'Tajikistan', 'Asia/Dushanbe', 'Dushanbe'),
	('TM', 'Turkmenistan', 'Asia/Ashgabat', 'Ashgabat'),
	('UZ', 'Uzbekistan', 'Asia/Tashkent', 'Tashkent');

INSERT INTO body(code, name, level) VALUES
	('CAHS', 'Consultative Meeting of the Heads of State of Central Asia', 'heads-of-state'),
	('CANC', 'Council of National Coordinators', 'coordinators');

INSERT INTO membership(body, state, role, since, until) VALUES
	('CAHS', 'KZ', 'full', '2018-03-15', NULL),
	('CAHS', 'KG', 'full', '2018-03-15', NULL),
	('CAHS', 'TJ', 'full', '2018-03-15', NULL),
	('CAHS', 'TM', 'full', '2018-03-15', NULL),
	('CAHS', 'UZ', 'full', '2018-03-15', NULL),
	('CAHS', 'AZ', 'guest', '2023-09-14', '2025-11-16'),
	('CAHS', 'AZ', 'full', '2025-11-16', NULL),
	('CANC', 'KZ', 'full', '2023-09-14', NULL),
	('CANC', 'KG', 'full', '2023-09-14', NULL),
	('CANC', 'TJ', 'full', '2023-09-14', NULL),
	('CANC', 'TM', 'full', '2023-09-14', NULL),
	('CANC', 'UZ', 'full', '2023-09-14', NULL),
	('CANC', 'AZ', 'full', '2025-11-16', NULL);

-- Summits: one day each, stored as dates (00:00Z of the day, end exclusive).
INSERT INTO meeting(uid, body, ordinal, kind, title, host, city, venue, tz, start_utc, end_utc, all_day,
		    status, rrule, series_end_utc, notes, created_utc, updated_utc, sequence) VALUES
	('cahs-2018-1@demo.dipcal', 'CAHS', 1, 'regular', '1st Consultative Meeting of the Heads of State of Central Asia',
	 'KZ', 'Astana', 'Akorda', 'Asia/Almaty', unixepoch('2018-03-15'), unixepoch('2018-03-16'), 1,
	 'held', NULL, unixepoch('2018-03-16'), 'Turkmenistan represented by the speaker of the Mejlis; chair Nazarbayev',
	 unixepoch('2018-03-15'), unixepoch('2018-03-15'), 0),
	('cahs-2019-2@demo.dipcal', 'CAHS', 2, 'regular', '2nd Consultative Meeting of the Heads of State of Central Asia',
	 'UZ', 'Tashkent', 'Kuksaroy', 'Asia/Tashkent', unixepoch('2019-11-29'), unixepoch('2019-11-30'), 1,
	 'held', NULL, unixepoch('2019-11-30'), 'Chair Mirziyoyev. Procedure of annual meetings adopted; Kyrgyzstan chosen to host 2020',
	 unixepoch('2019-03-01'), unixepoch('2019-11-29'), 2),
	('cahs-2021-3@demo.dipcal', 'CAHS', 3, 'regular', '3rd Consultative Meeting of the Heads of State of Central Asia',
	 'TM', 'Avaza', 'Avaza Congress Center', 'Asia/Ashgabat', unixepoch('2021-08-06'), unixepoch('2021-08-07'), 1,
	 'held', NULL, unixepoch('2021-08-07'), 'Chair G. Berdimuhamedov. Kyrgyzstan''s 2020 meeting in Bishkek was postponed (COVID-19) and the turn passed to Turkmenistan',
	 unixepoch('2020-01-15'), unixepoch('2021-08-06'), 2),
	('cahs-2022-4@demo.dipcal', 'CAHS', 4, 'regular', '4th Consultative Meeting of the Heads of State of Central Asia',
	 'KG', 'Cholpon-Ata', NULL, 'Asia/Bishkek', unixepoch('2022-07-21'), unixepoch('2022-07-22'), 1,
	 'held', NULL, unixepoch('2022-07-22'), 'Chair Japarov',
	 unixepoch('2022-07-21'), unixepoch('2022-07-21'), 0),
	('cahs-2023-5@demo.dipcal', 'CAHS', 5, 'regular', '5th Consultative Meeting of the Heads of State of Central Asia',
	 'TJ', 'Dushanbe', NULL, 'Asia/Dushanbe', unixepoch('2023-09-14'), unixepoch('2023-09-15'), 1,
	 'held', NULL, unixepoch('2023-09-15'), 'Chair Rahmon. Events 14-15 September; venue uncertain. Azerbaijan guest of honour',
	 unixepoch('2023-09-14'), unixepoch('2023-09-14'), 0),
	('cahs-2024-6@demo.dipcal', 'CAHS', 6, 'regular', '6th Consultative Meeting of the Heads of State of Central Asia',
	 'KZ', 'Astana', 'Akorda', 'Asia/Almaty', unixepoch('2024-08-09'), unixepoch('2024-08-10'), 1,
	 'held', NULL, unixepoch('2024-08-10'), 'Chair Tokayev. Azerbaijan guest of honour',
	 unixepoch('2024-08-09'), unixepoch('2024-08-09'), 0),
	('cahs-2025-awaza@demo.dipcal', 'CAHS', NULL, 'preparatory', 'Consultative Meeting of the Heads of State of Central Asia (Awaza)',
	 'TM', 'Awaza', NULL, 'Asia/Ashgabat', unixepoch('2025-08-05'), unixepoch('2025-08-06'), 1,
	 'held', NULL, unixepoch('2025-08-06'), 'Beside the UN conference on landlocked developing countries',
	 unixepoch('2025-08-05'), unixepoch('2025-08-05'), 0),
	('cahs-2025-7@demo.dipcal', 'CAHS', 7, 'regular', '7th Consultative Meeting of the Heads of State of Central Asia',
	 'UZ', 'Tashkent', 'Tashkent International Congress Center', 'Asia/Tashkent', unixepoch('2025-11-16'), unixepoch('2025-11-17'), 1,
	 'held', NULL, unixepoch('2025-11-17'), 'Chair Mirziyoyev. Events 15-16 November. Azerbaijan admitted as a full participant; Turkmenistan takes the chair',
	 unixepoch('2025-11-16'), unixepoch('2025-11-16'), 0),
	('cahs-2026-8@demo.dipcal', 'CAHS', 8, 'regular', '8th Consultative Meeting of the Heads of State of Central Asia',
	 'TM', 'Ashgabat', NULL, 'Asia/Ashgabat', unixepoch('2026-12-10'), unixepoch('2026-12-11'), 1,
	 'proposed', NULL, unixepoch('2026-12-11'), 'Expected in Turkmenistan in 2026; date and venue not announced: the date is a placeholder to plan against',
	 unixepoch('2025-11-16'), unixepoch('2025-11-16'), 0),
	('canc-2025-02@demo.dipcal', 'CANC', NULL, 'regular', 'Council of National Coordinators',
	 'UZ', 'Tashkent', 'Ministry of Foreign Affairs of Uzbekistan', 'Asia/Tashkent', unixepoch('2025-02-01'), unixepoch('2025-02-02'), 1,
	 'held', NULL, unixepoch('2025-02-02'), 'On the chair''s concept and the calendar of the year (date approximate)',
	 unixepoch('2025-02-01'), unixepoch('2025-02-01'), 0),
	-- Under Turkmenistan's chair: 10:00 in Ashgabat (UTC+5, no DST) on the first
	-- Tuesday of every other month, skipping 6 October (a public holiday).
	('canc-2026@demo.dipcal', 'CANC', NULL, 'regular', 'Council of National Coordinators',
	 'TM', 'Ashgabat', 'Ministry of Foreign Affairs of Turkmenistan', 'Asia/Ashgabat',
	 unixepoch('2026-02-03 05:00:00'), unixepoch('2026-02-03 08:00:00'), 0,
	 'confirmed', 'FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU', NULL, 'Meets under the chair of the Consultative Meeting',
	 unixepoch('2026-01-10'), unixepoch('2026-01-10'), 0);

INSERT INTO exdate(meeting_id, start_utc)
	SELECT id, unixepoch('2026-10-06 05:00:00') FROM meeting WHERE uid = 'canc-2026@demo.dipcal';

INSERT INTO meeting_change(meeting_id, field, old, new, reason, changed_utc)
	SELECT id, 'start', '2019-03-01', '2019-11-27', 'rescheduled by agreement of the heads of state', unixepoch('2019-10-01')
	FROM meeting WHERE uid = 'cahs-2019-2@demo.dipcal'
	UNION ALL
	SELECT id, 'start', '2019-11-27', '2019-11-29', 'rescheduled', unixepoch('2019-11-15')
	FROM meeting WHERE uid = 'cahs-2019-2@demo.dipcal'
	UNION ALL
	SELECT id, 'status', 'planned', 'postponed', 'COVID-19', unixepoch('2020-04-01')
	FROM meeting WHERE uid = 'cahs-2021-3@demo.dipcal'
	UNION ALL
	SELECT id, 'host', 'KG', 'TM', 'the turn passed to Turkmenistan after the postponement', unixepoch('2021-06-01')
	FROM meeting WHERE uid = 'cahs-2021-3@demo.dipcal'
	UNION ALL
	SELECT id, 'city', 'Bishkek', 'Avaza', 'the turn passed to Turkmenistan after the postponement', unixepoch('2021-06-01')
	FROM meeting WHERE uid = 'cahs-2021-3@demo.dipcal';

INSERT INTO document(meeting_id, title, kind, valid_from, valid_to)
	SELECT m.id, d.title, d.kind, d.valid_from, d.valid_to FROM meeting m JOIN (
		SELECT 'cahs-2022-4@demo.dipcal' AS uid, 'Treaty on Friendship, Good-Neighbourliness and Cooperation for the Development of Central Asia' AS title, 'treaty' AS kind, NULL AS valid_from, NULL AS valid_to
		UNION ALL SELECT 'cahs-2023-5@demo.dipcal', 'Regulations on the Council of National Coordinators', 'regulations', NULL, NULL
		UNION ALL SELECT 'cahs-2024-6@demo.dipcal', 'Concept "Central Asia – 2040"', 'concept', NULL, NULL
		UNION ALL SELECT 'cahs-2025-7@demo.dipcal', 'Joint Statement', 'statement', NULL, NULL
		UNION ALL SELECT 'cahs-2025-7@demo.dipcal', 'Appeal supporting Kyrgyzstan''s candidacy for the UN Security Council 2027–2028', 'appeal', NULL, NULL
		UNION ALL SELECT 'cahs-2025-7@demo.dipcal', 'Decision on Azerbaijan''s full participation', 'decision', NULL, NULL
		UNION ALL SELECT 'cahs-2025-7@demo.dipcal', 'Concept of regional security and stability', 'concept', NULL, NULL
		UNION ALL SELECT 'cahs-2025-7@demo.dipcal', 'Catalogue of security risks and prevention measures for 2026–2028', 'catalogue', '2026-01-01', '2028-12-31'
	) d ON d.uid = m.uid;

-- The chair passes at the end of each summit to the next host; the first
-- cycle went Kazakhstan, Uzbekistan, Turkmenistan, Kyrgyzstan, Tajikistan.
-- Azerbaijan, a full member since 2025-11-16, is not placed yet, so it
-- joins at the end of the order.
INSERT INTO office(body, name, term, months, days, start, follows, follow_offset, alphabetical, created_utc)
	VALUES ('CAHS', 'chair', 'summit', 12, 0, NULL, NULL, 0, 0, unixepoch('2025-11-16'));
INSERT INTO office_order(office_id, position, state)
	SELECT o.id, x.pos, x.state FROM office o, (SELECT 0 AS pos, 'KZ' AS state UNION ALL SELECT 1, 'UZ'
		UNION ALL SELECT 2, 'TM' UNION ALL SELECT 3, 'KG' UNION ALL SELECT 4, 'TJ') x
	WHERE o.body = 'CAHS' AND o.name = 'chair';

-- A rotating secretariat, as proposed at the 7th meeting: one year each
-- from 2026-01-01, in the alphabetical order of the states' names.
INSERT INTO office(body, name, term, months, days, start, follows, follow_offset, alphabetical, created_utc)
	VALUES ('CAHS', 'secretariat', 'calendar', 12, 0, '2026-01-01', NULL, 0, 1, unixepoch('2025-11-16'));
INSERT INTO office_order(office_id, position, state)
	SELECT o.id, x.pos, x.state FROM office o, (SELECT 0 AS pos, 'AZ' AS state UNION ALL SELECT 1, 'KZ'
		UNION ALL SELECT 2, 'KG' UNION ALL SELECT 3, 'TJ' UNION ALL SELECT 4, 'TM' UNION ALL SELECT 5, 'UZ') x
	WHERE o.body = 'CAHS' AND o.name = 'secretariat';
