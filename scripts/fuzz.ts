/**
 * Fuzzer for the GeoTIFF reader: mutates valid TIFFs (byte flips, truncations, IFD field tweaks, block
 * table edits, splices) and runs `openRaster` + a full read (every pixel, in detect-sized windows) in a
 * child process with a per-input timeout and a heap cap. Anything other than success or a LandwatchError is
 * a failure: a crash (untyped error), a hang (timeout) or an OOM / abnormal exit of the child. Failing
 * inputs are saved with a JSON note so each can be replayed with `--replay <file>`.
 *
 *   npx tsx scripts/fuzz.ts --seconds 600 --seed 1
 *   npx tsx scripts/fuzz.ts --replay .cache/fuzz/crash-000-….tif
 *
 * Seeds: a small generated sample (4-band uint16 deflate + predictor 2, uint8 land use) plus the TIFF
 * corpus of ../shared/data/gdal-autotest/tiff when present. Same seed → same sequence of inputs.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../src/util/prng.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const selfPath = fileURLToPath(import.meta.url);

/** Largest window read at once, like a detect tile. */
const WINDOW_PX = 256;
/** A header may declare a huge image; reading more pixels than this samples windows instead of all. */
const MAX_READ_PIXELS = 64 * 1024 * 1024;

interface Args {
  seconds: number;
  seed: number;
  out: string;
  timeoutMs: number;
  heapMb: number;
  replay: string | null;
  child: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { seconds: 30, seed: 1, out: path.join(repoRoot, '.cache/fuzz'), timeoutMs: 10_000, heapMb: 256, replay: null, child: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--child') a.child = true;
    else if (k === '--seconds') (a.seconds = Number(v)), i++;
    else if (k === '--seed') (a.seed = Number(v)), i++;
    else if (k === '--out') (a.out = path.resolve(v)), i++;
    else if (k === '--timeout-ms') (a.timeoutMs = Number(v)), i++;
    else if (k === '--heap-mb') (a.heapMb = Number(v)), i++;
    else if (k === '--replay') (a.replay = path.resolve(v)), i++;
    else throw new Error(`unknown argument ${k}`);
  }
  return a;
}

// ---------------------------------------------------------------- child: read one file per stdin line

type Outcome = { kind: 'ok'; pixels: number } | { kind: 'typed'; code: string; message: string } | { kind: 'crash'; message: string; stack: string };

async function readAll(file: string): Promise<Outcome> {
  const { openRaster, planWindowRead, executeWindowRead, executeMaskRead } = await import('../src/raster/index.ts');
  const { isLandwatchError } = await import('../src/util/landwatch-error.ts');
  try {
    const src = await openRaster(file);
    const across = Math.ceil(src.width / WINDOW_PX);
    const down = Math.ceil(src.height / WINDOW_PX);
    const total = across * down;
    const maxWindows = Math.max(1, Math.floor(MAX_READ_PIXELS / (WINDOW_PX * WINDOW_PX)));
    const step = total <= maxWindows ? 1 : total / maxWindows;
    let pixels = 0;
    for (let k = 0; k < Math.min(total, maxWindows); k++) {
      const w = Math.floor(k * step);
      const x = (w % across) * WINDOW_PX;
      const y = Math.floor(w / across) * WINDOW_PX;
      const win = { x, y, width: Math.min(WINDOW_PX, src.width - x), height: Math.min(WINDOW_PX, src.height - y) };
      const bands = await executeWindowRead(planWindowRead(src, win));
      pixels += bands[0].length;
      if (src.mask) await executeMaskRead(planWindowRead(src.mask, win));
    }
    return { kind: 'ok', pixels };
  } catch (err) {
    if (isLandwatchError(err)) return { kind: 'typed', code: err.code, message: err.message };
    const e = err instanceof Error ? err : new Error(String(err));
    return { kind: 'crash', message: `${e.name}: ${e.message}`, stack: e.stack ?? '' };
  }
}

async function childMain(): Promise<void> {
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    if (line === '') continue;
    const outcome = await readAll(line);
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
  }
}

// ---------------------------------------------------------------- parent: mutate, run, classify

class Runner {
  private child: ChildProcessWithoutNullStreams | null = null;
  private lines: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private stderr = '';
  private exited: Promise<string> = Promise.resolve('');
  restarts = 0;

  constructor(private readonly heapMb: number) {}

  private start(): ChildProcessWithoutNullStreams {
    const child = spawn(process.execPath, [`--max-old-space-size=${this.heapMb}`, '--import', 'tsx', selfPath, '--child'], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.stderr = '';
    this.lines = [];
    this.exited = new Promise<string>((resolve) => child.once('exit', (code, sig) => resolve(`code ${code} signal ${sig}`)));
    child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    createInterface({ input: child.stdout }).on('line', (l) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w(l);
      } else this.lines.push(l);
    });
    child.on('exit', () => {
      if (this.child === child) this.child = null;
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w(null);
      }
    });
    this.child = child;
    this.restarts++;
    return child;
  }

  /** Runs one file; null line = the child died (OOM or abort), 'timeout' = it hung and was killed. */
  async run(file: string, timeoutMs: number): Promise<{ line: string | null; timedOut: boolean; exit: string }> {
    const child = this.child ?? this.start();
    const exited = this.exited;
    const got = new Promise<string | null>((resolve) => {
      const early = this.lines.shift();
      if (early !== undefined) resolve(early);
      else this.waiting = resolve;
    });
    child.stdin.write(`${file}\n`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const r = await Promise.race([got, timeout]);
    clearTimeout(timer);
    if (r === 'timeout') {
      this.waiting = null;
      child.kill('SIGKILL');
      this.child = null;
      return { line: null, timedOut: true, exit: await exited };
    }
    if (r === null) return { line: null, timedOut: false, exit: await exited };
    return { line: r, timedOut: false, exit: '' };
  }

  get lastStderr(): string {
    return this.stderr;
  }

  stop(): void {
    this.child?.stdin.end();
    this.child?.kill();
  }
}

/** TIFF IFD entries of the first IFD (classic or BigTIFF), for targeted tweaks. */
interface EntryPos {
  at: number;
  tag: number;
  type: number;
  countAt: number;
  countSize: number;
  valueAt: number;
  valueSize: number;
  le: boolean;
}

function listEntries(b: Uint8Array): EntryPos[] {
  if (b.length < 16) return [];
  const le = b[0] === 0x49;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const big = dv.getUint16(2, le) === 43;
  const ifd = big ? Number(dv.getBigUint64(8, le)) : dv.getUint32(4, le);
  const countSize = big ? 8 : 2;
  if (ifd + countSize > b.length) return [];
  const n = big ? Number(dv.getBigUint64(ifd, le)) : dv.getUint16(ifd, le);
  const size = big ? 20 : 12;
  const out: EntryPos[] = [];
  for (let i = 0; i < n && i < 512; i++) {
    const at = ifd + countSize + i * size;
    if (at + size > b.length) break;
    out.push({
      at,
      tag: dv.getUint16(at, le),
      type: dv.getUint16(at + 2, le),
      countAt: at + 4,
      countSize: big ? 8 : 4,
      valueAt: at + (big ? 12 : 8),
      valueSize: big ? 8 : 4,
      le,
    });
  }
  return out;
}

function putUint(b: Uint8Array, at: number, size: number, v: number, le: boolean): void {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (size === 8) dv.setBigUint64(at, BigInt(Math.max(0, Math.floor(v))), le);
  else if (size === 4) dv.setUint32(at, v >>> 0, le);
  else dv.setUint16(at, v & 0xffff, le);
}

const INTERESTING = [0, 1, 2, 3, 7, 8, 15, 16, 17, 255, 256, 4096, 32767, 32768, 65535, 65536, 0x7fffffff, 0x80000000, 0xffffffff];

type Mutator = (b: Uint8Array, rnd: () => number) => { bytes: Uint8Array; note: string };

const pick = <T>(list: readonly T[], rnd: () => number): T => list[Math.floor(rnd() * list.length)];

const MUTATORS: Array<[string, Mutator]> = [
  ['flip', (b, rnd) => {
    const out = b.slice();
    const n = 1 + Math.floor(rnd() * 16);
    for (let i = 0; i < n; i++) out[Math.floor(rnd() * out.length)] ^= 1 << Math.floor(rnd() * 8);
    return { bytes: out, note: `${n} bit flips` };
  }],
  ['flip-header', (b, rnd) => {
    // flips inside the first IFD and its values, where the structure lives
    const out = b.slice();
    const span = Math.min(out.length, 4096);
    const n = 1 + Math.floor(rnd() * 4);
    for (let i = 0; i < n; i++) out[Math.floor(rnd() * span)] = Math.floor(rnd() * 256);
    return { bytes: out, note: `${n} header bytes randomised` };
  }],
  ['truncate', (b, rnd) => {
    const len = Math.floor(rnd() * b.length);
    return { bytes: b.slice(0, len), note: `truncated to ${len} bytes` };
  }],
  ['ifd-value', (b, rnd) => {
    const entries = listEntries(b);
    if (entries.length === 0) return { bytes: b.slice(0, 8), note: 'no IFD: header only' };
    const e = pick(entries, rnd);
    const out = b.slice();
    const v = rnd() < 0.5 ? pick(INTERESTING, rnd) : Math.floor(rnd() * b.length * 2);
    putUint(out, e.valueAt, e.type === 3 && e.valueSize === 4 ? 2 : e.valueSize, v, e.le);
    return { bytes: out, note: `tag ${e.tag} value/offset := ${v}` };
  }],
  ['ifd-count', (b, rnd) => {
    const entries = listEntries(b);
    if (entries.length === 0) return { bytes: b.slice(0, 8), note: 'no IFD: header only' };
    const e = pick(entries, rnd);
    const out = b.slice();
    const v = pick(INTERESTING, rnd);
    putUint(out, e.countAt, e.countSize, v, e.le);
    return { bytes: out, note: `tag ${e.tag} count := ${v}` };
  }],
  ['ifd-type', (b, rnd) => {
    const entries = listEntries(b);
    if (entries.length === 0) return { bytes: b.slice(0, 8), note: 'no IFD: header only' };
    const e = pick(entries, rnd);
    const out = b.slice();
    const t = Math.floor(rnd() * 20);
    putUint(out, e.at + 2, 2, t, e.le);
    return { bytes: out, note: `tag ${e.tag} type := ${t}` };
  }],
  ['block-table', (b, rnd) => {
    // rewrite one entry of an offsets/bytecounts table (out-of-line or inline)
    const entries = listEntries(b).filter((e) => e.tag === 273 || e.tag === 279 || e.tag === 324 || e.tag === 325);
    if (entries.length === 0) return { bytes: b.slice(), note: 'no block table' };
    const e = pick(entries, rnd);
    const out = b.slice();
    const dv = new DataView(out.buffer);
    const big = e.valueSize === 8;
    const count = big ? Number(dv.getBigUint64(e.countAt, e.le)) : dv.getUint32(e.countAt, e.le);
    const elem = e.type === 3 ? 2 : e.type === 16 ? 8 : 4;
    const inline = count * elem <= e.valueSize;
    const base = inline ? e.valueAt : big ? Number(dv.getBigUint64(e.valueAt, e.le)) : dv.getUint32(e.valueAt, e.le);
    const i = Math.floor(rnd() * Math.max(1, count));
    const at = base + i * elem;
    if (at + elem > out.length) return { bytes: out, note: 'table out of file' };
    const v = rnd() < 0.5 ? pick(INTERESTING, rnd) : Math.floor(rnd() * b.length * 1.5);
    putUint(out, at, elem, v, e.le);
    return { bytes: out, note: `tag ${e.tag}[${i}] := ${v}` };
  }],
  ['splice', (b, rnd) => {
    const out = b.slice();
    const len = 1 + Math.floor(rnd() * 256);
    const from = Math.floor(rnd() * Math.max(1, out.length - len));
    const to = Math.floor(rnd() * Math.max(1, out.length - len));
    out.copyWithin(to, from, from + len);
    return { bytes: out, note: `copied ${len} bytes ${from} → ${to}` };
  }],
  ['zero-run', (b, rnd) => {
    const out = b.slice();
    const len = 1 + Math.floor(rnd() * 4096);
    const at = Math.floor(rnd() * out.length);
    out.fill(rnd() < 0.5 ? 0 : 0xff, at, at + len);
    return { bytes: out, note: `${len} bytes at ${at} set` };
  }],
];

async function seedFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const gen = path.join(dir, 'seed-sample');
  if (!existsSync(path.join(gen, 'epoch-a.tif'))) {
    const { generateSample } = await import('../src/sample/index.ts');
    await generateSample({ outDir: gen, size: 256, seed: 3, tileSize: 64 });
  }
  files.push(path.join(gen, 'epoch-a.tif'), path.join(gen, 'landuse-a.tif'));
  // an internal transparency mask and an alpha band, made by GDAL when it is installed
  const masked = path.join(gen, 'masked.tif');
  const alpha = path.join(gen, 'alpha.tif');
  const gdal = (args: string[]) => spawnSync('gdal_translate', ['-q', ...args], { stdio: 'ignore' }).status === 0;
  if (existsSync(masked) || gdal(['-b', '1', '-b', '2', '-mask', '1', '--config', 'GDAL_TIFF_INTERNAL_MASK', 'YES', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=64', '-co', 'BLOCKYSIZE=64', '-co', 'COMPRESS=DEFLATE', path.join(gen, 'epoch-a.tif'), masked])) files.push(masked);
  if (existsSync(alpha) || gdal(['-b', '1', '-b', '2', '-b', '3', '-b', '1', '-co', 'ALPHA=YES', '-co', 'PHOTOMETRIC=RGB', '-ot', 'Byte', '-scale', path.join(gen, 'epoch-a.tif'), alpha])) files.push(alpha);
  const corpus = path.resolve(repoRoot, '../shared/data/gdal-autotest/tiff');
  if (existsSync(corpus)) {
    for (const f of readdirSync(corpus).sort()) {
      const p = path.join(corpus, f);
      if (f.endsWith('.tif') && statSync(p).size <= 256 * 1024) files.push(p);
    }
  }
  return files;
}

interface Failure {
  kind: 'crash' | 'hang' | 'oom' | 'exit';
  seedFile: string;
  mutation: string;
  message: string;
  saved: string;
}

async function parentMain(a: Args): Promise<void> {
  mkdirSync(a.out, { recursive: true });
  const runner = new Runner(a.heapMb);
  if (a.replay) {
    const r = await runner.run(a.replay, a.timeoutMs);
    process.stdout.write(`${r.timedOut ? 'HANG' : r.line ?? `DIED (${r.exit}) ${runner.lastStderr}`}\n`);
    runner.stop();
    return;
  }
  const seeds = await seedFiles(a.out);
  const seedBytes = seeds.map((f) => new Uint8Array(readFileSync(f)));
  const rnd = mulberry32(a.seed);
  const work = path.join(tmpdir(), `landwatch-fuzz-${process.pid}.tif`);
  const deadline = Date.now() + a.seconds * 1000;
  const counts = { tried: 0, ok: 0, typed: 0, crash: 0, hang: 0, oom: 0, exit: 0 };
  const byCode = new Map<string, number>();
  const failures: Failure[] = [];
  const seenFailures = new Set<string>();
  let lastReport = Date.now();
  while (Date.now() < deadline) {
    const si = Math.floor(rnd() * seeds.length);
    let bytes: Uint8Array = seedBytes[si];
    const notes: string[] = [];
    const rounds = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < rounds; k++) {
      const [name, m] = pick(MUTATORS, rnd);
      const r = m(bytes, rnd);
      bytes = r.bytes;
      notes.push(`${name}: ${r.note}`);
    }
    writeFileSync(work, bytes);
    counts.tried++;
    const r = await runner.run(work, a.timeoutMs);
    let failure: Omit<Failure, 'saved' | 'seedFile' | 'mutation'> | null = null;
    if (r.timedOut) failure = { kind: 'hang', message: `no answer within ${a.timeoutMs} ms` };
    else if (r.line === null) {
      const oom = /heap out of memory|Allocation failed|ERR_WORKER_OUT_OF_MEMORY/i.test(runner.lastStderr);
      failure = { kind: oom ? 'oom' : 'exit', message: `${r.exit}: ${runner.lastStderr.split('\n').filter(Boolean).slice(-3).join(' | ')}` };
    } else {
      const o = JSON.parse(r.line) as Outcome;
      if (o.kind === 'ok') counts.ok++;
      else if (o.kind === 'typed') {
        counts.typed++;
        byCode.set(o.code, (byCode.get(o.code) ?? 0) + 1);
      } else failure = { kind: 'crash', message: `${o.message}\n${o.stack.split('\n').slice(1, 4).join('\n')}` };
    }
    if (failure) {
      counts[failure.kind]++;
      const key = `${failure.kind}:${failure.message.split('\n')[0].replace(/\d+/g, 'N')}`;
      const idx = failures.length;
      const saved = path.join(a.out, `${failure.kind}-${String(idx).padStart(3, '0')}-${path.basename(seeds[si])}`);
      if (!seenFailures.has(key) && failures.length < 200) {
        seenFailures.add(key);
        writeFileSync(saved, bytes);
        const f: Failure = { ...failure, seedFile: seeds[si], mutation: notes.join('; '), saved };
        writeFileSync(`${saved}.json`, `${JSON.stringify(f, null, 2)}\n`);
        failures.push(f);
        process.stderr.write(`[fuzz] ${failure.kind}: ${failure.message.split('\n')[0]} (${notes.join('; ')}) → ${saved}\n`);
      }
    }
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      process.stderr.write(`[fuzz] ${JSON.stringify(counts)}\n`);
    }
  }
  runner.stop();
  const summary = {
    seed: a.seed,
    seconds: a.seconds,
    seeds: seeds.length,
    ...counts,
    childRestarts: runner.restarts,
    typedByCode: Object.fromEntries([...byCode.entries()].sort()),
    distinctFailures: failures.map((f) => ({ kind: f.kind, message: f.message.split('\n')[0], mutation: f.mutation, saved: f.saved })),
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

const args = parseArgs(process.argv.slice(2));
if (args.child) await childMain();
else await parentMain(args);
