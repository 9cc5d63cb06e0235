#!/usr/bin/env node
// Matcher quality bench: precision, recall, F1, wall time and peak memory on FEBRL (linkage and
// dedup) and on the project's seeded Indonesian scenarios. Each dataset runs in its own child
// process so wall time and peak RSS are that dataset's alone (Node start-up included).
//
//   npm run bench:quality            # all datasets
//   node scripts/bench-quality.mjs --json   # machine-readable rows
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const febrlDir = resolve(repo, '..', 'shared', 'data', 'febrl');

const DATASETS = ['febrl4', 'febrl3', 'id-small', 'id-medium'];

function fail(msg) {
  process.stderr.write(`bench-quality: ${msg}\n`);
  process.exit(2);
}

async function loadDist() {
  const dist = join(repo, 'dist');
  if (!existsSync(join(dist, 'match', 'index.js'))) fail(`no build found at ${dist}; run \`npm run build\` first`);
  const match = await import(join(dist, 'match', 'index.js'));
  const table = await import(join(dist, 'domain', 'table.js'));
  const fields = await import(join(dist, 'domain', 'fields.js'));
  return { match, table, fields };
}

async function readFebrl(name, lib) {
  const file = join(febrlDir, name);
  if (!existsSync(file)) {
    fail(`FEBRL data not found: ${file}\n  The bench expects the shared data folder beside the repository (../shared/data/febrl).`);
  }
  const { parse } = await import('csv-parse/sync');
  const rows = parse(readFileSync(file), { columns: true, ltrim: true, skip_empty_lines: true });
  const { RecordTableBuilder, emptyRow } = lib.table;
  const { IdState } = lib.fields;
  const b = new RecordTableBuilder(rows.length);
  const entity = new Uint32Array(rows.length);
  const r = emptyRow();
  rows.forEach((row, i) => {
    r.source = 0;
    r.line = i + 2;
    // soc_sec_id is a 7-digit id: not a NIK, so it is kept as raw text with state Malformed and
    // compared as digits of any length.
    r.nikState = row.soc_sec_id ? IdState.Malformed : IdState.Missing;
    r.nikRaw = row.soc_sec_id ?? '';
    r.name = `${row.given_name ?? ''} ${row.surname ?? ''}`.trim();
    r.birth = /^\d{8}$/.test(row.date_of_birth ?? '') ? Number(row.date_of_birth) : 0;
    r.region = row.postcode ?? '';
    r.address = [row.street_number, row.address_1, row.address_2, row.suburb, row.state].filter(Boolean).join(' ');
    r.recordId = row.rec_id;
    b.push(r);
    entity[i] = Number(/^rec-(\d+)-/.exec(row.rec_id)[1]);
  });
  return { table: b.finish(), entity };
}

/** Pairs within each group of equal labels: n(n-1)/2 summed. */
function pairsWithin(labels) {
  const count = new Map();
  for (const l of labels) count.set(l, (count.get(l) ?? 0) + 1);
  let s = 0;
  for (const c of count.values()) s += (c * (c - 1)) / 2;
  return s;
}

/** Pairwise scores of a clustering against true entities. */
function clusterScores(person, entity) {
  const both = new Map();
  for (let i = 0; i < person.length; i++) {
    const k = `${person[i]}|${entity[i]}`;
    both.set(k, (both.get(k) ?? 0) + 1);
  }
  let tp = 0;
  for (const c of both.values()) tp += (c * (c - 1)) / 2;
  return { predicted: pairsWithin(person), truth: pairsWithin(entity), tp };
}

/** Component id per record of the candidate-pair graph: a true pair is kept by the blocks when
 *  its two records are connected by compared pairs (copies and identifier groups are compared
 *  once as a group, then joined by clustering). */
function candidateComponents(n, a, b, length) {
  const parent = new Uint32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x) => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (let p = 0; p < length; p++) {
    const x = find(a[p]);
    const y = find(b[p]);
    if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
  }
  return Uint32Array.from(parent, (_, i) => find(i));
}

function prf(tp, predicted, truth) {
  const precision = predicted ? tp / predicted : 1;
  const recall = truth ? tp / truth : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

async function runChild(name) {
  const lib = await loadDist();
  const t0 = performance.now();
  let row;
  if (name === 'febrl4') {
    const A = await readFebrl('dataset4a.csv', lib);
    const B = await readFebrl('dataset4b.csv', lib);
    const res = lib.match.linkTables(A.table, B.table);
    let tp = 0;
    let predicted = 0;
    let kept = 0;
    for (let p = 0; p < res.length; p++) {
      const same = A.entity[res.a[p]] === B.entity[res.b[p]];
      if (same) kept++;
      if (res.linked[p]) {
        predicted++;
        if (same) tp++;
      }
    }
    const setA = new Set(A.entity);
    let truth = 0;
    for (const e of B.entity) if (setA.has(e)) truth++;
    row = { dataset: 'FEBRL4 4a x 4b (link)', records: A.table.size + B.table.size, truth, candidates: res.length, kept, ...prf(tp, predicted, truth), stats: res.stats };
  } else if (name === 'febrl3') {
    const D = await readFebrl('dataset3.csv', lib);
    const res = lib.match.findDuplicates(D.table);
    const s = clusterScores(res.person, D.entity);
    const kept = clusterScores(candidateComponents(D.table.size, res.a, res.b, res.length), D.entity).tp;
    row = { dataset: 'FEBRL3 (dedup)', records: D.table.size, truth: s.truth, candidates: res.length, kept, ...prf(s.tp, s.predicted, s.truth), stats: res.stats };
  } else if (name.startsWith('id-')) {
    const gen = await import(join(repo, 'dist', 'generate', 'scenarios.js'));
    const size = name === 'id-small' ? 'small' : 'medium';
    const sc = gen.generateMatchingScenario(gen.SCENARIO_PRESETS[size]);

    // findDuplicates runs the same scoring and clustering as matchRecords and also returns every
    // candidate pair, so the bench can count how many true matches the blocks keep.
    const res = lib.match.findDuplicates(sc.table);
    const s = clusterScores(res.person, sc.entity);
    const kept = clusterScores(candidateComponents(sc.table.size, res.a, res.b, res.length), sc.entity).tp;
    // A trap is two different people; it fails when any of their records share a person id.
    const personsOf = new Map();
    for (let i = 0; i < sc.entity.length; i++) {
      const e = sc.entity[i];
      if (!personsOf.has(e)) personsOf.set(e, new Set());
      personsOf.get(e).add(res.person[i]);
    }
    const byKind = {};
    for (const tr of sc.traps) {
      byKind[tr.kind] ??= { total: 0, linked: 0 };
      const pa = personsOf.get(tr.a);
      const pb = personsOf.get(tr.b);
      if (!pa || !pb) continue; // one of them is listed nowhere
      byKind[tr.kind].total++;
      if ([...pa].some((x) => pb.has(x))) byKind[tr.kind].linked++;
    }
    row = {
      dataset: `Indonesian ${size} (seed ${sc.seed})`,
      records: sc.table.size,
      truth: s.truth,
      candidates: res.stats.comparedPairs,
      kept,
      ...prf(s.tp, s.predicted, s.truth),
      traps: byKind,
      stats: res.stats,
    };
  } else fail(`unknown dataset ${name}`);
  row.matchSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage();
  row.cpuSeconds = (cpu.user + cpu.system) / 1e6;
  row.maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify(row, (k, v) => (k === 'em' ? undefined : v)) + '\n');
}

function fmt(x, d = 4) {
  return x === null || x === undefined ? '-' : typeof x === 'number' ? x.toFixed(d) : String(x);
}

function runParent() {
  const asJson = process.argv.includes('--json');
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  if (!existsSync(febrlDir)) fail(`FEBRL data not found at ${febrlDir} (expected ../shared/data/febrl beside the repository)`);
  const rows = [];
  for (const name of DATASETS) {
    if (only && !only.split(',').includes(name)) continue;
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', name], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const wall = (performance.now() - t0) / 1000;
    if (r.status !== 0) fail(`${name} failed:\n${r.stderr}`);
    const row = JSON.parse(r.stdout.trim().split('\n').pop());
    row.wallSeconds = wall;
    rows.push(row);
  }
  if (asJson) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return;
  }
  const head = ['dataset', 'records', 'true pairs', 'candidate pairs', 'blocks keep (connected)', 'precision', 'recall', 'F1', 'wall s', 'cpu s', 'peak RSS MB'];
  const lines = [head, head.map(() => '---')];
  for (const r of rows) {
    lines.push([
      r.dataset,
      String(r.records),
      String(r.truth),
      String(r.candidates),
      r.kept === null || r.kept === undefined ? '-' : `${r.kept} (${fmt(r.kept / r.truth, 4)})`,
      fmt(r.precision),
      fmt(r.recall),
      fmt(r.f1),
      fmt(r.wallSeconds, 2),
      fmt(r.cpuSeconds, 2),
      fmt(r.maxRssMB, 0),
    ]);
  }
  process.stdout.write(lines.map((l) => `| ${l.join(' | ')} |`).join('\n') + '\n\n');
  for (const r of rows) {
    const copies = r.stats.exactCopies ? `exact copies ${r.stats.exactCopies}, ` : '';
    const rules = copies + r.stats.rules.map((x) => `${x.rule} ${x.candidatePairs}${x.cappedBlocks ? ` (${x.cappedBlocks} capped)` : ''}`).join(', ');
    process.stdout.write(`${r.dataset}: candidate pairs per rule: ${rules}\n`);
    if (r.traps) {
      const t = Object.entries(r.traps).map(([k, v]) => `${k} ${v.linked}/${v.total} linked`).join(', ');
      process.stdout.write(`  traps (distinct people that must not link): ${t}\n`);
    }
  }
}

if (process.argv[2] === '--child') await runChild(process.argv[3]);
else runParent();
