// test/browser/check_report.mjs -- open the demo's HTML report in headless
// Chromium and check what a manager would see
//
//   node test/browser/check_report.mjs REPORT.html SCREENSHOT.png
//
// Run by test/browser.sh with NODE_PATH pointing at playwright-core (from
// npm) and JY_CHROMIUM at Debian's chromium.  Fails (exit 1, one line per
// problem) when the page logs a console error or throws, when a chart is
// missing or empty, or when the funnel bars' drawn widths are not
// proportional to their actor counts.  Saves a full-page PNG screenshot.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const [report, screenshot] = process.argv.slice(2);
if (!report || !screenshot) {
	console.error('usage: node check_report.mjs REPORT.html SCREENSHOT.png');
	process.exit(2);
}

const problems = [];
const browser = await chromium.launch({
	executablePath: process.env.JY_CHROMIUM || '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu'],
});
try {
	const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
	page.on('console', (msg) => {
		if (msg.type() === 'error')
			problems.push(`console error: ${msg.text()}`);
	});
	page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
	await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });

	// every chart: one standalone SVG, drawn at a real size, with content
	const charts = { funnel: 'jy-funnel', trend: 'jy-trend', retention: 'jy-heatmap', sankey: 'jy-sankey' };
	for (const [figure, cls] of Object.entries(charts)) {
		const info = await page.evaluate(([figure, cls]) => {
			const svgs = document.querySelectorAll(`figure#${figure} > svg`);
			if (svgs.length !== 1)
				return { error: `${svgs.length} svg elements` };
			const svg = svgs[0];
			const box = svg.getBoundingClientRect();
			return {
				cls: svg.classList.contains(cls),
				width: box.width,
				height: box.height,
				shapes: svg.querySelectorAll('rect, path, line, polyline, polygon, circle').length,
				texts: svg.querySelectorAll('text').length,
				empty: [...svg.querySelectorAll('text')].some((t) => /no data/i.test(t.textContent)),
			};
		}, [figure, cls]);
		if (info.error)
			problems.push(`chart ${figure}: ${info.error}`);
		else {
			if (!info.cls)
				problems.push(`chart ${figure}: the svg is not of class ${cls}`);
			if (!(info.width > 200 && info.height > 100))
				problems.push(`chart ${figure}: drawn at ${info.width} x ${info.height} px`);
			if (info.shapes < 5 || info.texts < 3)
				problems.push(`chart ${figure}: only ${info.shapes} shapes and ${info.texts} labels`);
			if (info.empty)
				problems.push(`chart ${figure}: says it has no data`);
		}
		console.log(`chart ${figure}: ${JSON.stringify(info)}`);
	}

	// the funnel bars: drawn widths proportional to the actor counts
	const bars = await page.evaluate(() =>
		[...document.querySelectorAll('figure#funnel rect.jy-bar')].map((r) => ({
			step: Number(r.dataset.step),
			actors: Number(r.dataset.actors),
			width: r.getBoundingClientRect().width,
		})));
	console.log(`funnel bars: ${JSON.stringify(bars)}`);
	if (bars.length !== 4)
		problems.push(`funnel: ${bars.length} bars, expected 4`);
	const first = bars.find((b) => b.step === 1);
	if (!first || !(first.actors > 0) || !(first.width > 100))
		problems.push('funnel: no first bar with actors and a width');
	else {
		for (const b of bars) {
			const expected = first.width * b.actors / first.actors;
			// a drawn width is rounded to a device pixel at most
			if (Math.abs(b.width - expected) > 1.0)
				problems.push(`funnel: step ${b.step} is ${b.width.toFixed(2)} px wide, expected ${expected.toFixed(2)} (${b.actors} of ${first.actors} actors)`);
		}
		if (!bars.some((b) => b.actors < first.actors))
			problems.push('funnel: every bar has the same count, proportionality not shown');
	}

	// the tables: one row per KPI with a status, attribution and segments
	const rows = await page.evaluate(() => ({
		kpis: [...document.querySelectorAll('table#kpis tr')].slice(1).map((tr) => tr.lastElementChild.textContent),
		attribution: document.querySelectorAll('table#attribution tr').length - 1,
		segments: document.querySelectorAll('table#segments tr').length - 1,
	}));
	console.log(`tables: ${JSON.stringify(rows)}`);
	if (rows.kpis.length !== 4)
		problems.push(`kpi table: ${rows.kpis.length} rows, expected 4`);
	for (const s of rows.kpis)
		if (!['reached', 'not reached', 'not distinguishable'].includes(s))
			problems.push(`kpi table: status "${s}"`);
	if (rows.attribution < 2)
		problems.push(`attribution table: ${rows.attribution} rows`);
	if (rows.segments < 2)
		problems.push(`segments table: ${rows.segments} rows`);

	await page.screenshot({ path: screenshot, fullPage: true });
	console.log(`screenshot: ${screenshot}`);
} finally {
	await browser.close();
}
for (const p of problems)
	console.log(`FAIL ${p}`);
console.log(problems.length === 0 ? 'ok' : `${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
