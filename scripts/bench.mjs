#!/usr/bin/env node
// Speed benchmark (issue 5): generates seeded scenarios with `padan generate`, runs
// `padan reconcile` on each as a child process and compares it with this machine's floor (Node
// reading the same files and counting their lines), in the same run.
//
//   npm run bench                         ~100k and ~1M roster rows
//   npm run bench -- --sizes 1e6,1e7,5e7  bigger
//   node scripts/bench.mjs --help
//
// Data goes to bench-data/ (gitignored) and is reused when the parameters and the generator are
// unchanged. Results: a markdown table on stdout and bench-data/results.json.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir, release } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'padan.js');

const HELP = `Usage: node scripts/bench.mjs [options]
  --sizes LIST       total roster rows per scenario, comma-separated (default 1e5,1e6)
  --seed S           generator seed (default 1)
  --province PP      province code (default 61)
  --regencies K      regency rosters per scenario (default 5)
  --runs N           timed runs per size; the fastest counts (default 1)
  --timeout S        give up on a padan run after S seconds (default 900; 0 = never)
  --command CMD      reconcile | validate (default: reconcile when available, else validate)
  --data DIR         where scenarios and results go (default bench-data)
  --no-build         skip \`npm run build\`
  --keep-out         keep each run's report folder
  -h, --help`;

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1e5,1e6' },
    seed: { type: 'string', default: '1' },
    province: { type: 'string', default: '61' },
    regencies: { type: 'string', default: '5' },
    runs: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '900' },
    command: { type: 'string' },
    data: { type: 'string', default: 'bench-data' },
    'no-build': { type: 'boolean', default: false },
    'keep-out': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(HELP);
  process.exit(0);
}

const sizes = args.sizes.split(',').map((s) => {
  const n = Number(s.trim().replace(/_/g, '').replace(/k$/i, 'e3').replace(/m$/i, 'e6'));
  if (!Number.isFinite(n) || n < 1) fail(`--sizes: "${s}" is not a row count`);
  return Math.round(n);
});
const seed = Number(args.seed);
const runs = Math.max(1, Number(args.runs) || 1);
const timeoutSeconds = Number(args.timeout);
if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) fail(`--timeout: "${args.timeout}" is not a number of seconds`);
const dataDir = resolve(ROOT, args.data);

function fail(msg) {
  console.error(`bench: ${msg}`);
  process.exit(2);
}
const log = (msg) => process.stderr.write(`bench: ${msg}\n`);

// ---------------------------------------------------------------- build and command choice

if (!args['no-build']) {
  log('npm run build');
  const b = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8', shell: process.platform === 'win32' });
  if (b.status !== 0) fail(`npm run build failed:\n${(b.stdout + b.stderr).split('\n').slice(-20).join('\n')}`);
}
if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) fail('dist/ is missing: run npm run build (or drop --no-build)');

const works = (cmd) => spawnSync(process.execPath, [BIN, cmd, '--help'], { cwd: ROOT, encoding: 'utf8' }).status === 0;
let command = args.command;
let commandNote = '';
if (command === undefined) {
  if (works('reconcile')) command = 'reconcile';
  else if (works('validate')) {
    command = 'validate';
    commandNote = '`padan reconcile --help` failed: measured `padan validate` instead';
  } else fail('neither `padan reconcile` nor `padan validate` runs; nothing to measure');
} else if (!works(command)) fail(`\`padan ${command} --help\` fails`);
if (!works('generate')) fail('`padan generate --help` fails');

// Peak RSS: GNU time reports the child's maximum resident set; else poll /proc (Linux).
const GNU_TIME = '/usr/bin/time';
const haveGnuTime = (() => {
  if (!existsSync(GNU_TIME)) return false;
  const probe = join(tmpdir(), `padan-bench-time-${process.pid}`);
  const r = spawnSync(GNU_TIME, ['-f', '%M', '-o', probe, process.execPath, '-e', '0']);
  const ok = r.status === 0 && existsSync(probe) && /^\d+\s*$/.test(readFileSync(probe, 'utf8').trim().split('\n').pop());
  rmSync(probe, { force: true });
  return ok;
})();

/** Runs a child; resolves wall seconds, peak RSS bytes, exit code, stdout and the stderr tail. */
function measure(argv, { cwd = ROOT, timeout = 0 } = {}) {
  return new Promise((resolveRun, reject) => {
    const rssFile = join(tmpdir(), `padan-bench-rss-${process.pid}-${Date.now()}`);
    const [cmd, cmdArgs] = haveGnuTime ? [GNU_TIME, ['-f', '%M', '-o', rssFile, ...argv]] : [argv[0], argv.slice(1)];
    const started = performance.now();
    // Its own process group, so a timeout ends the measured program and the time wrapper together.
    const child = spawn(cmd, cmdArgs, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let timedOut = false;
    const timer =
      timeout > 0
        ? setTimeout(() => {
            timedOut = true;
            try {
              process.kill(-child.pid, 'SIGKILL');
            } catch {
              /* already gone */
            }
          }, timeout * 1000)
        : undefined;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout = (stdout + d).slice(-1 << 20)));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-8192)));
    let polledPeak = 0;
    const poll = haveGnuTime
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) polledPeak = Math.max(polledPeak, Number(m[1]) * 1024);
          } catch {
            /* exited between polls */
          }
        }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (poll) clearInterval(poll);
      if (timer) clearTimeout(timer);
      let peak = polledPeak;
      if (haveGnuTime && existsSync(rssFile)) {
        const last = readFileSync(rssFile, 'utf8').trim().split('\n').pop();
        if (/^\d+$/.test(last)) peak = Number(last) * 1024;
        rmSync(rssFile, { force: true });
      }
      resolveRun({ seconds, peak, code, stdout, stderr, timedOut });
    });
  });
}

// ---------------------------------------------------------------- scenarios

function generatorHash() {
  const h = createHash('sha256');
  const files = [
    ...['names.js', 'population.js', 'rosters.js'].map((f) => join(ROOT, 'dist', 'generate', f)),
    join(ROOT, 'dist', 'cli', 'commands', 'generate.js'),
  ].sort();
  for (const f of files) h.update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

async function scenario(rows) {
  const params = { rows, seed, province: args.province, regencies: Number(args.regencies), generator: generatorHash() };
  const dir = join(dataDir, `rows-${rows}-seed${seed}-p${params.province}-k${params.regencies}`);
  const marker = join(dir, 'bench-params.json');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === JSON.stringify(params)) {
    log(`reusing ${relative(ROOT, dir)}`);
    return { dir, generateSeconds: null };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`generating ${rows.toLocaleString('en')} rows into ${relative(ROOT, dir)}`);
  const r = await measure([process.execPath, BIN, 'generate', '--rows', String(rows), '--seed', String(seed), '--province', params.province, '--regencies', String(params.regencies), '--out', dir]);
  if (r.code !== 0) fail(`padan generate failed (exit ${r.code}):\n${r.stderr}`);
  // Written to disk before anything is timed: at 10M rows the generator leaves ~1.3 GB of dirty
  // pages, and their writeback during the first run cost it ~3 s of load.
  for (const name of readdirSync(dir)) {
    const fd = openSync(join(dir, name), 'r');
    fsyncSync(fd);
    closeSync(fd);
  }
  writeFileSync(marker, JSON.stringify(params));
  return { dir, generateSeconds: r.seconds };
}

// The floor: a fresh Node process reading every roster and counting newlines, 1 MiB at a time.
const FLOOR_SCRIPT = `
const fs = require('node:fs');
const buf = Buffer.allocUnsafe(1 << 20);
let lines = 0;
for (const f of process.argv.slice(1)) {
  const fd = fs.openSync(f, 'r');
  for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) {
    const view = n === buf.length ? buf : buf.subarray(0, n);
    for (let i = view.indexOf(10); i !== -1; i = view.indexOf(10, i + 1)) lines++;
  }
  fs.closeSync(fd);
}
process.stdout.write(String(lines));
`;

/**
 * Finds per kind, and recall of the planted problems: a planted row carries a finding of the
 * expected kind. `validate` reports only invalid rows, so then only those problems count.
 */
function scoreFindings(findingsPath, truth, kinds = null) {
  if (!existsSync(findingsPath)) return undefined;
  const byKind = {};
  const at = new Set();
  // findings.csv can be large: read it in chunks, split lines; only kind, source and line are needed.
  const fd = openSync(findingsPath, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let rest = '';
  let header = true;
  const takeLine = (line) => {
    if (header) {
      header = false;
      return;
    }
    // id,kind,severity,group,source,line,record_id,other_source,other_line,other_record_id,field,...
    // Up to field nothing holds a comma in generated data (record ids are plain).
    const f = line.split(',', 11);
    byKind[f[1]] = (byKind[f[1]] ?? 0) + 1;
    at.add(`${f[1]}|${f[4]}|${f[5]}`);
    if (f[10]) at.add(`${f[1]}.${f[10]}|${f[4]}|${f[5]}`);
  };
  for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) {
    const text = rest + buf.toString('utf8', 0, n);
    const lines = text.split('\n');
    rest = lines.pop();
    for (const l of lines) if (l !== '') takeLine(l.replace(/\r$/, ''));
  }
  if (rest !== '') takeLine(rest);
  closeSync(fd);
  let planted = 0;
  let found = 0;
  let traps = 0;
  let trapHits = 0;
  // A trap is hit when padan reports the finding the trap tempts it into.
  const TRAP_KIND = { twins: 'duplicate', cosmetic_name: 'out_of_sync.name', leading_apostrophe: 'invalid.nik' };
  for (const p of truth.problems) {
    if (p.expect === 'none') {
      const kind = TRAP_KIND[p.kind];
      if (kind === undefined) continue;
      traps++;
      if (p.rows.some((r) => (p.kind === 'twins' || r.changed) && at.has(`${kind}|${r.source}|${r.line}`))) trapHits++;
      continue;
    }
    if (kinds !== null && !kinds.includes(p.expect)) continue;
    planted++;
    if (p.rows.some((r) => at.has(`${p.expect}|${r.source}|${r.line}`))) found++;
  }
  return { byKind, planted, found, traps, trapHits };
}

function targetFor(rows) {
  // The issue's targets are for reconcile end to end.
  if (command !== 'reconcile') return { label: '-', ok: () => true };
  if (rows >= 5e5 && rows <= 2e6) return { label: '<= 10x floor, < 1 GB', ok: (r) => r.ratio <= 10 && r.peakBytes < 1024 ** 3 };
  if (rows >= 5e6 && rows <= 2e7) return { label: '< 60 s, < 6 GB', ok: (r) => r.seconds < 60 && r.peakBytes < 6 * 1024 ** 3 };
  if (rows > 2e7) return { label: 'completes', ok: (r) => !r.timedOut && (r.exitCode === 0 || r.exitCode === 1) };
  return { label: '-', ok: () => true };
}

// ---------------------------------------------------------------- run

const results = [];
for (const rows of sizes) {
  const { dir, generateSeconds } = await scenario(rows);
  const configPath = join(dir, 'padan.config.json');
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  const files = config.sources.map((s) => resolve(dir, s.path));
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8'));
  const dataRows = truth.totals.rows;

  // Warm the page cache once so neither side pays for the disk.
  await measure([process.execPath, '-e', FLOOR_SCRIPT, ...files]);
  let floor;
  let padan;
  // Each run writes its own folder; the best run's is kept for scoring and its stage times.
  let outDir = '';
  const runSeconds = [];
  for (let i = 0; i < runs; i++) {
    const f = await measure([process.execPath, '-e', FLOOR_SCRIPT, ...files]);
    if (f.code !== 0) fail(`floor failed: ${f.stderr}`);
    if (floor === undefined || f.seconds < floor.seconds) floor = f;
    const runOut = join(dir, `out-${i + 1}`);
    rmSync(runOut, { recursive: true, force: true });
    log(`${rows.toLocaleString('en')} rows: padan ${command} (run ${i + 1}/${runs})`);
    const argv = command === 'reconcile' ? [process.execPath, BIN, 'reconcile', configPath, '--out', runOut] : [process.execPath, BIN, 'validate', configPath, '--out', runOut];
    const p = await measure(argv, { timeout: timeoutSeconds });
    if (p.timedOut) {
      log(`padan ${command} did not finish within ${timeoutSeconds} s`);
      if (outDir !== '') rmSync(outDir, { recursive: true, force: true });
      padan = p;
      outDir = runOut;
      break;
    }
    if (p.code !== 0 && p.code !== 1) fail(`padan ${command} exited ${p.code} on ${relative(ROOT, configPath)}:\n${p.stderr}`);
    runSeconds.push(p.seconds);
    if (padan === undefined || p.seconds < padan.seconds) {
      if (outDir !== '') rmSync(outDir, { recursive: true, force: true });
      padan = p;
      outDir = runOut;
    } else rmSync(runOut, { recursive: true, force: true });
  }
  const expectedLines = dataRows + files.length;
  if (Number(floor.stdout) !== expectedLines) log(`warning: the floor counted ${floor.stdout} lines, expected ${expectedLines}`);
  const score = padan.timedOut ? undefined : scoreFindings(join(outDir, 'findings.csv'), truth, command === 'validate' ? ['invalid'] : null);
  const summaryPath = join(outDir, 'summary.json');
  const stages = !padan.timedOut && existsSync(summaryPath) ? (JSON.parse(readFileSync(summaryPath, 'utf8')).timingsMs ?? null) : null;
  if (!args['keep-out']) rmSync(outDir, { recursive: true, force: true });

  const r = {
    rows: dataRows,
    sources: files.length,
    megabytes: bytes / 1e6,
    command,
    seconds: padan.seconds,
    // every finished run, in order (seconds is the fastest)
    runSeconds,
    peakBytes: padan.peak,
    rowsPerSecond: dataRows / padan.seconds,
    floorSeconds: floor.seconds,
    floorPeakBytes: floor.peak,
    ratio: padan.seconds / floor.seconds,
    exitCode: padan.code,
    timedOut: padan.timedOut,
    generateSeconds,
    findings: score?.byKind ?? null,
    recall: score && score.planted > 0 ? score.found / score.planted : null,
    planted: score?.planted ?? null,
    traps: score?.traps ?? null,
    trapHits: score?.trapHits ?? null,
    // Stage wall times of the best run (summary.json timingsMs); "other" is start-up and reports.
    stagesMs: stages,
    // Other work on the machine competes for its cores: the 1-minute load average when the run ended.
    loadAverage: loadavg()[0],
  };
  const target = targetFor(rows);
  r.target = target.label;
  r.targetMet = target.label === '-' ? null : !r.timedOut && target.ok(r);
  results.push(r);
}

// ---------------------------------------------------------------- report

const gb = (b) => (b >= 1024 ** 3 ? `${(b / 1024 ** 3).toFixed(2)} GB` : `${Math.round(b / 1024 ** 2)} MB`);
const cpu = cpus();
const machine = {
  cpus: cpu.length,
  cpuModel: cpu[0]?.model ?? 'unknown',
  memoryBytes: totalmem(),
  node: process.version,
  os: `${process.platform} ${release()}`,
  peakRssMethod: haveGnuTime ? '/usr/bin/time -f %M' : '/proc/<pid>/status VmHWM (polled)',
};
const lines = [
  `Machine: ${machine.cpus} x ${machine.cpuModel}, ${gb(machine.memoryBytes)} RAM, Node ${machine.node}; peak RSS by ${machine.peakRssMethod}.`,
  `Measured: \`padan ${command}\`${commandNote ? ` (${commandNote})` : ''}; floor = Node reading the same files and counting lines; best of ${runs}.`,
  '',
  '| rows | files | MB | padan s | peak RSS | rows/s | floor s | x floor | target | met | recall | traps hit |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|',
  ...results.map(
    (r) =>
      `| ${r.rows.toLocaleString('en')} | ${r.sources} | ${r.megabytes.toFixed(0)} | ${r.timedOut ? `> ${timeoutSeconds} (timeout)` : r.seconds.toFixed(2)} | ${r.timedOut ? '-' : gb(r.peakBytes)} | ${r.timedOut ? '-' : Math.round(r.rowsPerSecond).toLocaleString('en')} | ` +
      `${r.floorSeconds.toFixed(2)} | ${r.timedOut ? `> ${r.ratio.toFixed(0)}` : r.ratio.toFixed(1)} | ${r.target} | ${r.targetMet === null ? '' : r.targetMet ? 'yes' : 'NO'} | ${r.recall === null ? '' : `${(100 * r.recall).toFixed(1)}%`} | ${r.traps === null ? '' : `${r.trapHits}/${r.traps}`} |`,
  ),
  '',
  `recall: planted problems (truth.json)${command === 'validate' ? ' of the invalid kind (all that validate looks for)' : ''} with a finding of the expected kind on one of their rows; traps hit: twins`,
  'reported as duplicates, cosmetic name changes as out_of_sync name, leading apostrophes as invalid nik (should be 0).',
  `Reproduce: \`npm run bench -- --sizes ${sizes.join(',')} --seed ${seed} --province ${args.province} --regencies ${args.regencies}${runs > 1 ? ` --runs ${runs}` : ''}${args.command !== undefined ? ` --command ${command}` : ''}\``,
];
if (runs > 1) lines.push(`Every run, in order (s): ${results.map((r) => `${r.rows.toLocaleString('en')} rows ${r.runSeconds.map((x) => x.toFixed(2)).join(', ')}`).join('; ')}.`);
const staged = results.filter((r) => r.stagesMs);
if (staged.length > 0) {
  const sec = (ms) => (ms / 1000).toFixed(1);
  lines.push(
    '',
    'Where the time goes (seconds per stage of the best run; other = start-up, reports and history; load avg = the machine\'s 1-minute load when the run ended):',
    '',
    '| rows | load | validate | match | reconcile | other | load avg |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...staged.map((r) => {
      const t = r.stagesMs;
      const known = (t.load ?? 0) + (t.validate ?? 0) + (t.match ?? 0) + (t.reconcile ?? 0);
      return `| ${r.rows.toLocaleString('en')} | ${sec(t.load ?? 0)} | ${sec(t.validate ?? 0)} | ${sec(t.match ?? 0)} | ${sec(t.reconcile ?? 0)} | ${sec(Math.max(0, r.seconds * 1000 - known))} | ${r.loadAverage.toFixed(1)} |`;
    }),
  );
}
console.log(lines.join('\n'));
mkdirSync(dataDir, { recursive: true });
writeFileSync(
  join(dataDir, 'results.json'),
  JSON.stringify({ date: new Date().toISOString(), machine, command, commandNote: commandNote || null, seed, province: args.province, regencies: Number(args.regencies), runs, results }, null, 2) + '\n',
);
log(`wrote ${relative(ROOT, join(dataDir, 'results.json'))}`);
