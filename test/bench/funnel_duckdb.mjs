// test/bench/funnel_duckdb.mjs -- the DuckDB side of test/bench/funnel_duckdb.sh
//
//   node funnel_duckdb.mjs MODULES_DIR DB_FILE CSV_FILE QUERY_DIR THREADS VIEW_FILE
//
// Loads @duckdb/node-api from MODULES_DIR (a scratch npm directory outside
// the repository), opens DB_FILE with THREADS threads, loads CSV_FILE (the
// events PostgreSQL exported) into a table events, runs VIEW_FILE (the SQL
// of test/data/plain_funnel.sql, unchanged), then answers commands
// read one per line from stdin, each reply ending with a line "end":
//   run NAME    run QUERY_DIR/NAME.sql once; prints "NAME MS"
//   rows NAME   run it; prints its rows, columns separated by "|" (as psql -A -t)
//   quit        end the process
// With JY_DUCKDB_TRACE set, every command is echoed to stderr.
// Errors go to stderr and end the process with status 1.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';

const [modulesDir, dbFile, csvFile, queryDir, threads, viewFile] = process.argv.slice(2);
const require = createRequire(join(modulesDir, 'package.json'));
const { DuckDBInstance } = await import(pathToFileURL(require.resolve('@duckdb/node-api')).href);

const instance = await DuckDBInstance.create(dbFile, { threads });
const conn = await instance.connect();

// The same columns and types as journey_sample.events, ts in UTC
const t0 = performance.now();
await conn.run(`CREATE OR REPLACE TABLE events AS SELECT * FROM read_csv('${csvFile.replaceAll("'", "''")}',
	header = true, columns = {'user_id': 'BIGINT', 'ts': 'TIMESTAMP', 'event': 'VARCHAR',
	'channel': 'VARCHAR', 'revenue': 'DECIMAL(10,2)'})`);
await conn.run(readFileSync(viewFile, 'utf8'));
const loaded = (await conn.runAndReadAll('SELECT count(*), count(DISTINCT user_id) FROM events')).getRowsJson()[0];
const version = (await conn.runAndReadAll('SELECT version()')).getRowsJson()[0][0];
console.error(`== DuckDB ${version}, ${threads} threads: loaded ${loaded[0]} events of ${loaded[1]} users in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const queries = new Map();
// The text of query name, read once
function query(name) {
	if (!queries.has(name))
		queries.set(name, readFileSync(join(queryDir, `${name}.sql`), 'utf8'));
	return queries.get(name);
}

console.log('ready');
console.log('end');
for await (const line of createInterface({ input: process.stdin })) {
	if (process.env.JY_DUCKDB_TRACE) console.error('duckdb <', line);
	const [cmd, name] = line.trim().split(/\s+/);
	try {
		if (cmd === 'run') {
			const sql = query(name);
			const start = performance.now();
			await conn.runAndReadAll(sql);
			console.log(`${name} ${(performance.now() - start).toFixed(3)}`);
		} else if (cmd === 'rows') {
			const reader = await conn.runAndReadAll(query(name));
			for (const row of reader.getRowsJson())
				console.log(row.join('|'));
		} else if (cmd === 'quit') {
			console.log('end');
			process.exit(0);
		} else {
			throw new Error(`unknown command: ${line}`);
		}
	} catch (e) {
		console.error(`DuckDB: ${e.message}`);
		process.exit(1);
	}
	console.log('end');
}
