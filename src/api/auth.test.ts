import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBearer, needsToken } from './auth.ts';
import { FakeFeatureSource } from './fakes/fake-feature-source.ts';
import { FakeJobService } from './fakes/fake-job-service.ts';
import { buildServer } from './server.ts';

describe('checkBearer', () => {
  it('tells a missing token from a wrong one', () => {
    expect(checkBearer(undefined, 's3cret')).toBe('missing');
    expect(checkBearer('Basic czNjcmV0', 's3cret')).toBe('missing');
    expect(checkBearer('Bearer', 's3cret')).toBe('missing');
    expect(checkBearer('Bearer s3cret', 's3cret')).toBe('ok');
    expect(checkBearer('bearer s3cret', 's3cret')).toBe('ok');
    expect(checkBearer('Bearer s3cre', 's3cret')).toBe('wrong');
    expect(checkBearer('Bearer s3cretx', 's3cret')).toBe('wrong');
    expect(checkBearer(`Bearer ${'x'.repeat(5000)}`, 's3cret')).toBe('wrong');
  });

  it('needs a token for writes always, for reads only when reads are private', () => {
    expect(needsToken('write', 't', true)).toBe(true);
    expect(needsToken('read', 't', true)).toBe(false);
    expect(needsToken('read', 't', false)).toBe(true);
    expect(needsToken('none', 't', false)).toBe(false);
    expect(needsToken('write', null, false)).toBe(false);
  });
});

describe('buildServer auth and limits', () => {
  let root: string;
  let pub: FastifyInstance;
  let priv: FastifyInstance;
  const jobs = new FakeJobService();
  const features = new FakeFeatureSource([]);
  const body = { inputs: { epoch_a: 'a.tif', epoch_b: 'b.tif' } };
  const url = '/processes/change-detection/execution';

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'lw-auth-'));
    await writeFile(path.join(root, 'a.tif'), 'A');
    await writeFile(path.join(root, 'b.tif'), 'B');
    pub = buildServer({ jobs, features, dataRoots: [root], token: 'tok', readPublic: true, bodyLimitBytes: 4096, outRoot: path.join(root, 'out') });
    priv = buildServer({ jobs, features, dataRoots: [root], token: 'tok', readPublic: false, outRoot: path.join(root, 'out') });
  });
  afterAll(async () => {
    jobs.close();
    await pub.close();
    await priv.close();
    await rm(root, { recursive: true, force: true });
  });

  it('answers 401 with WWW-Authenticate when the token is missing and 403 when it is wrong', async () => {
    const none = await pub.inject({ method: 'POST', url, payload: body });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(none.body).code).toBe('E_API_UNAUTHORIZED');
    const wrong = await pub.inject({ method: 'POST', url, headers: { authorization: 'Bearer nope' }, payload: body });
    expect(wrong.statusCode).toBe(403);
    expect(JSON.parse(wrong.body).code).toBe('E_API_FORBIDDEN');
    expect(jobs.submitted.length).toBe(0);
    const ok = await pub.inject({ method: 'POST', url, headers: { authorization: 'Bearer tok', prefer: 'respond-async' }, payload: body });
    expect(ok.statusCode).toBe(201);
  });

  it('keeps reads public unless readPublic is false; discovery routes stay public', async () => {
    expect((await pub.inject({ url: '/jobs' })).statusCode).toBe(200);
    expect((await priv.inject({ url: '/jobs' })).statusCode).toBe(401);
    expect((await priv.inject({ url: '/collections', headers: { authorization: 'Bearer bad' } })).statusCode).toBe(403);
    expect((await priv.inject({ url: '/jobs', headers: { authorization: 'Bearer tok' } })).statusCode).toBe(200);
    expect((await priv.inject({ method: 'HEAD', url: '/jobs' })).statusCode).toBe(401);
    for (const u of ['/', '/conformance', '/api', '/api.html']) expect((await priv.inject({ url: u })).statusCode, u).toBe(200);
  });

  it('refuses an oversized body with 413', async () => {
    const big = { inputs: { epoch_a: 'a.tif', epoch_b: 'b.tif', rules: 'x'.repeat(5000) } };
    const r = await pub.inject({ method: 'POST', url, headers: { authorization: 'Bearer tok' }, payload: big });
    expect(r.statusCode).toBe(413);
    expect(JSON.parse(r.body).code).toBe('E_API_BODY_TOO_LARGE');
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('sends no CORS headers', async () => {
    const r = await pub.inject({ url: '/', headers: { origin: 'https://evil.example' } });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await pub.inject({ method: 'OPTIONS', url, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });
});
