import { Agent, request } from 'node:http';
import { mulberry32 } from '../../src/util/prng.ts';

export interface LoadOptions {
  /** http://host:port */
  url: string;
  clients: number;
  durationMs: number;
  seed: number;
  /** path + query of the next request of client `c`, drawn from that client's own seeded PRNG */
  nextPath: (rand: () => number, client: number) => string;
  /** per-request timeout, ms (counted as an error) */
  timeoutMs?: number;
}

export interface LoadResult {
  clients: number;
  durationMs: number;
  requests: number;
  ok: number;
  errors: number;
  /** status code (or 'timeout' / 'network') → count, for every non-200 answer */
  errorKinds: Record<string, number>;
  throughputRps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** mean of numberReturned / numberMatched over 200 answers */
  meanReturned: number;
  meanMatched: number;
  /** mean response body, bytes */
  meanBytes: number;
}

const RETURNED = /"numberReturned":(\d+)/;
const MATCHED = /"numberMatched":(\d+)/;

/**
 * Closed-loop load: `clients` concurrent loops on keep-alive connections, each sending its next request as
 * soon as the previous answer is read in full, until `durationMs` has passed (requests in flight then are
 * still counted). Latency = request sent → last body byte. Client c draws from mulberry32(seed + c).
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.clients, maxFreeSockets: o.clients });
  const lat: number[] = [];
  const errorKinds: Record<string, number> = {};
  let ok = 0;
  let returned = 0;
  let matched = 0;
  let bytes = 0;
  const t0 = performance.now();
  const deadline = t0 + o.durationMs;
  const base = new URL(o.url);
  const loop = async (c: number): Promise<void> => {
    const rand = mulberry32(o.seed + c);
    while (performance.now() < deadline) {
      const path = o.nextPath(rand, c);
      const s = performance.now();
      const r = await get(agent, base, path, o.timeoutMs ?? 30_000);
      lat.push(performance.now() - s);
      if (r.status === 200) {
        ok++;
        bytes += r.body.length;
        returned += Number(RETURNED.exec(r.body)?.[1] ?? 0);
        matched += Number(MATCHED.exec(r.body)?.[1] ?? 0);
      } else {
        const k = String(r.status);
        errorKinds[k] = (errorKinds[k] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: o.clients }, (_, c) => loop(c)));
  const durationMs = performance.now() - t0;
  agent.destroy();
  lat.sort((a, b) => a - b);
  const q = (p: number) => (lat.length === 0 ? NaN : lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    clients: o.clients,
    durationMs: Math.round(durationMs),
    requests: lat.length,
    ok,
    errors: lat.length - ok,
    errorKinds,
    throughputRps: round((lat.length / durationMs) * 1000),
    latencyMs: {
      p50: round(q(0.5)),
      p90: round(q(0.9)),
      p99: round(q(0.99)),
      max: round(lat[lat.length - 1] ?? NaN),
      mean: round(lat.reduce((s, v) => s + v, 0) / Math.max(1, lat.length)),
    },
    meanReturned: round(returned / Math.max(1, ok)),
    meanMatched: round(matched / Math.max(1, ok)),
    meanBytes: Math.round(bytes / Math.max(1, ok)),
  };
}

/** One GET; network errors and timeouts resolve as status 'network' / 'timeout' rather than throwing. */
function get(agent: Agent, base: URL, path: string, timeoutMs: number): Promise<{ status: number | string; body: string }> {
  return new Promise((resolve) => {
    const req = request({ agent, host: base.hostname, port: base.port, path, method: 'GET', headers: { accept: 'application/geo+json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve({ status: 'network', body: '' }));
    });
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      resolve({ status: 'timeout', body: '' });
    });
    req.on('error', () => resolve({ status: 'network', body: '' }));
    req.end();
  });
}

/** GET + JSON.parse for the few set-up requests (collection extent, counts). */
export async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}
