-- sequence_next_node: every rule of semantics-clickhouse.md section 5.
-- Every expected value is worked by hand in the comment above its query
-- (rows listed in the engine's order: ts, then value bytes).
CREATE SCHEMA nn;
SET search_path = nn, public;

CREATE TABLE t (id int, ts bigint, v text, ref text);
INSERT INTO t VALUES
	-- id 1: A B C D
	(1, 1, 'A', '1'), (1, 2, 'B', '1'), (1, 3, 'C', '1'), (1, 4, 'D', '1'),
	-- id 2: B B D C
	(2, 1, 'B', '1'), (2, 2, 'B', '1'), (2, 3, 'D', '1'), (2, 4, 'C', '1'),
	-- id 3: A at 1, then D, C, B in one second: ordered A B C D by value
	(3, 1, 'A', '1'), (3, 2, 'D', '1'), (3, 2, 'C', '1'), (3, 2, 'B', '1'),
	-- id 4: a NULL value at the same second as B, and a NULL timestamp
	(4, 1, 'A', '1'), (4, 2, NULL, '1'), (4, 2, 'B', '1'), (4, 3, 'C', '1'), (4, NULL, 'Z', '1'),
	-- id 5: base_cond ref = '2' skips the first B
	(5, 1, 'A', '1'), (5, 2, 'B', '10'), (5, 3, 'X', '1'), (5, 4, 'B', '2'), (5, 5, 'Y', '1'),
	-- id 6: duplicate rows
	(6, 1, 'A', '1'), (6, 1, 'A', '1'), (6, 2, 'B', '1');

-- forward, head: the base is row 0 when base_cond holds there.
-- id 1: A -> B; A,B -> C; A,B,C -> D; A,B,C,D -> none (4 rows <= N = 4);
-- A,A -> none (row 1 is B).  id 2 (B B D C): A -> none; B,B -> D.
SELECT id,
       sequence_next_node('forward', 'head', ts, v, true, v = 'A') AS a,
       sequence_next_node('forward', 'head', ts, v, true, v = 'A', v = 'B') AS ab,
       sequence_next_node('forward', 'head', ts, v, true, v = 'A', v = 'B', v = 'C') AS abc,
       sequence_next_node('forward', 'head', ts, v, true, v = 'A', v = 'B', v = 'C', v = 'D') AS abcd,
       sequence_next_node('forward', 'head', ts, v, true, v = 'A', v = 'A') AS aa,
       sequence_next_node('forward', 'head', ts, v, true, v = 'B', v = 'B') AS bb
FROM t WHERE id IN (1, 2) GROUP BY id ORDER BY id;

-- backward, tail: the base is the last row.  id 1: D -> C; D,C -> B;
-- id 2 (B B D C): C -> D; C,D -> B; C,D,B -> B; D -> none (last is C)
SELECT id,
       sequence_next_node('backward', 'tail', ts, v, true, v = 'D') AS d,
       sequence_next_node('backward', 'tail', ts, v, true, v = 'D', v = 'C') AS dc,
       sequence_next_node('backward', 'tail', ts, v, true, v = 'C') AS c,
       sequence_next_node('backward', 'tail', ts, v, true, v = 'C', v = 'D') AS cd,
       sequence_next_node('backward', 'tail', ts, v, true, v = 'C', v = 'D', v = 'B') AS cdb
FROM t WHERE id IN (1, 2) GROUP BY id ORDER BY id;

-- first_match / last_match in both directions.  id 1: forward first B -> C;
-- backward first B -> A; forward last C -> D; backward last C -> B.
-- id 2 (B B D C): forward first B -> B; backward first B -> none (the first
-- B has no predecessor, even though the second one has: 01656 id 2);
-- forward last B -> D; backward last B -> B; forward first B,B -> D
SELECT id,
       sequence_next_node('forward', 'first_match', ts, v, true, v = 'B') AS f_first,
       sequence_next_node('backward', 'first_match', ts, v, true, v = 'B') AS b_first,
       sequence_next_node('forward', 'last_match', ts, v, true, v = 'B') AS f_last_b,
       sequence_next_node('backward', 'last_match', ts, v, true, v = 'B') AS b_last_b,
       sequence_next_node('forward', 'last_match', ts, v, true, v = 'C') AS f_last_c,
       sequence_next_node('backward', 'last_match', ts, v, true, v = 'C') AS b_last_c,
       sequence_next_node('forward', 'first_match', ts, v, true, v = 'B', v = 'B') AS f_bb
FROM t WHERE id IN (1, 2) GROUP BY id ORDER BY id;
-- id 1: C, A, C, A, D, B, none; id 2: B, none, D, B, none, D, D

-- N = 0 (no event conditions): the base row's own value.  head -> first
-- row, tail -> last row; with base_cond false there: none
SELECT id,
       sequence_next_node('forward', 'head', ts, v, true) AS head,
       sequence_next_node('backward', 'tail', ts, v, true) AS tail,
       sequence_next_node('forward', 'head', ts, v, v = 'B') AS head_if_b
FROM t WHERE id IN (1, 2) GROUP BY id ORDER BY id;
-- id 1: A, D, none; id 2: B, C, B

-- same-second ties are ordered by value: id 3 is A B C D whatever the
-- insertion order, so A -> B, B -> C, and backward last D -> C
SELECT sequence_next_node('forward', 'first_match', ts, v, true, v = 'A') AS after_a,
       sequence_next_node('forward', 'first_match', ts, v, true, v = 'B') AS after_b,
       sequence_next_node('backward', 'last_match', ts, v, true, v = 'D') AS before_d
FROM t WHERE id = 3;

-- NULL value or NULL timestamp: the row is ignored (id 4 is A B C)
SELECT sequence_next_node('forward', 'first_match', ts, v, true, v = 'A') AS after_a,
       sequence_next_node('backward', 'tail', ts, v, true, v = 'C', v = 'B') AS before_cb
FROM t WHERE id = 4;
-- a NULL base_cond or event condition counts as false (ClickHouse drops
-- such rows; see docs/sequences.md): the row stays and can be the answer
SELECT sequence_next_node('forward', 'first_match', ts, v, CASE WHEN v = 'A' THEN NULL ELSE true END, v <> 'A') AS null_base,
       sequence_next_node('forward', 'head', ts, v, true, CASE WHEN v = 'A' THEN true END) AS null_event
FROM t WHERE id = 1;
-- null_base: A's base_cond is NULL, so the first match is B -> C;
-- null_event: row 0 (A) satisfies event 1 -> B

-- base_cond filters the base row only: id 5, first B with ref = '2' is the
-- second B -> Y; with base_cond true the first B -> X
SELECT sequence_next_node('forward', 'first_match', ts, v, ref = '2', v = 'B') AS ref2,
       sequence_next_node('forward', 'first_match', ts, v, true, v = 'B') AS any_ref,
       sequence_next_node('forward', 'head', ts, v, ref = '2', v = 'A') AS head_ref2,
       sequence_next_node('backward', 'tail', ts, v, ref = '1', v = 'Y') AS tail_ref1
FROM t WHERE id = 5;
-- head_ref2: row 0 has ref 1 -> none; tail_ref1: Y has ref 1 -> B

-- duplicate rows are kept: id 6 is A A B, so A,A -> B and A -> A
SELECT sequence_next_node('forward', 'head', ts, v, true, v = 'A', v = 'A') AS aa,
       sequence_next_node('forward', 'head', ts, v, true, v = 'A') AS a
FROM t WHERE id = 6;

-- timestamptz and timestamp overloads: same answers as bigint on id 1
SELECT sequence_next_node('forward', 'first_match', to_timestamp(ts), v, true, v = 'B') AS tstz,
       sequence_next_node('forward', 'first_match', to_timestamp(ts)::timestamp, v, true, v = 'B') AS ts,
       sequence_next_node('backward', 'tail', to_timestamp(ts), v, true) AS tstz0,
       sequence_next_node('backward', 'tail', to_timestamp(ts)::timestamp, v, true) AS ts0
FROM t WHERE id = 1;

-- direction and base are case-insensitive
SELECT sequence_next_node('FORWARD', 'First_Match', ts, v, true, v = 'A') FROM t WHERE id = 1;

-- no rows: NULL
SELECT sequence_next_node('forward', 'head', ts, v, true, v = 'A') IS NULL AS empty FROM t WHERE false;

-- 64 event conditions: 65 rows x1 .. x65, event k = (v = 'x' || k)
CREATE TABLE w AS SELECT g::bigint AS ts, 'x' || lpad(g::text, 2, '0') AS v FROM generate_series(1, 65) g;
SELECT sequence_next_node('forward', 'head', ts, v, true,
	v = 'x01', v = 'x02', v = 'x03', v = 'x04', v = 'x05', v = 'x06', v = 'x07', v = 'x08',
	v = 'x09', v = 'x10', v = 'x11', v = 'x12', v = 'x13', v = 'x14', v = 'x15', v = 'x16',
	v = 'x17', v = 'x18', v = 'x19', v = 'x20', v = 'x21', v = 'x22', v = 'x23', v = 'x24',
	v = 'x25', v = 'x26', v = 'x27', v = 'x28', v = 'x29', v = 'x30', v = 'x31', v = 'x32',
	v = 'x33', v = 'x34', v = 'x35', v = 'x36', v = 'x37', v = 'x38', v = 'x39', v = 'x40',
	v = 'x41', v = 'x42', v = 'x43', v = 'x44', v = 'x45', v = 'x46', v = 'x47', v = 'x48',
	v = 'x49', v = 'x50', v = 'x51', v = 'x52', v = 'x53', v = 'x54', v = 'x55', v = 'x56',
	v = 'x57', v = 'x58', v = 'x59', v = 'x60', v = 'x61', v = 'x62', v = 'x63', v = 'x64') FROM w;
-- x01 .. x64 match events 1 .. 64, so the answer is x65

-- errors
SELECT sequence_next_node('backward', 'head', ts, v, true, v = 'A') FROM t;
SELECT sequence_next_node('forward', 'tail', ts, v, true, v = 'A') FROM t;
SELECT sequence_next_node('sideways', 'head', ts, v, true, v = 'A') FROM t;
SELECT sequence_next_node('forward', 'middle', ts, v, true, v = 'A') FROM t;
SELECT sequence_next_node(NULL, 'head', ts, v, true, v = 'A') FROM t;
SELECT sequence_next_node('forward', NULL, ts, v, true, v = 'A') FROM t;
SELECT sequence_next_node('forward', 'first_match', ts, v, true) FROM t;
SELECT sequence_next_node('backward', 'last_match', ts, v, true) FROM t;
SELECT sequence_next_node('forward', 'head', ts, v, true, 1) FROM t;
SELECT sequence_next_node('forward', 'head', ts, v, true, VARIADIC ARRAY[true]) FROM t;
SELECT sequence_next_node(CASE WHEN ts < 3 THEN 'forward' ELSE 'backward' END, 'first_match', ts, v, true, v = 'A') FROM t;
SELECT sequence_next_node('forward', 'head', ts, v, true,
	true, true, true, true, true, true, true, true,
	true, true, true, true, true, true, true, true,
	true, true, true, true, true, true, true, true,
	true, true, true, true, true, true, true, true,
	true, true, true, true, true, true, true, true,
	true, true, true, true, true, true, true, true,
	true, true, true, true, true, true, true, true,
	true, true, true, true, true, true, true, true,
	true) FROM w;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA nn CASCADE;
