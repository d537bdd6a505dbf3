import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnrollmentProfileStore, buildProfileBytes, checkEnrollmentProfile, fetchEnrollmentProfile } from '../../../electron/profiles/index.js';
import { scratchDir } from './tools.js';

const enrollment = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'profiles', 'mdm-enrollment.mobileconfig'));
const notMdm = buildProfileBytes({ identifier: 'com.example.wifi', displayName: 'Wi-Fi', payloads: [{ kind: 'wifi', ssid: 'CartNet' }] });

describe('enrollment profile sources', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/wifi') return void res.end(notMdm);
      if (req.headers.authorization !== `Basic ${Buffer.from('staging:s3cret').toString('base64')}`) {
        res.statusCode = 401;
        return void res.end();
      }
      res.setHeader('Content-Type', 'application/x-apple-aspen-config');
      res.end(enrollment);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('fetches from the enrollment URL with basic credentials and checks for com.apple.mdm', async () => {
    const profile = await fetchEnrollmentProfile(`${base}/enroll`, { username: 'staging', password: 's3cret', allowInsecureHttp: true });
    expect(profile.mdm.serverUrl).toBe('https://mdm.example.com/mdm/connect');
    const embedded = await fetchEnrollmentProfile(`${base.replace('http://', 'http://staging:s3cret@')}/enroll`, { allowInsecureHttp: true });
    expect(embedded.bytes).toEqual(enrollment);
  });

  it('explains refused credentials, plain http, and a profile without an MDM payload', async () => {
    await expect(fetchEnrollmentProfile(`${base}/enroll`, { username: 'staging', password: 'nope', allowInsecureHttp: true })).rejects.toMatchObject({
      code: 'ENROLLMENT_FETCH_FAILED',
      message: expect.stringContaining('HTTP 401'),
    });
    await expect(fetchEnrollmentProfile(`${base}/enroll`)).rejects.toMatchObject({ code: 'ENROLLMENT_FETCH_FAILED', message: expect.stringContaining('https://') });
    await expect(fetchEnrollmentProfile(`${base}/wifi`, { allowInsecureHttp: true })).rejects.toMatchObject({ code: 'ENROLLMENT_NOT_MDM' });
    expect(() => checkEnrollmentProfile(notMdm)).toThrow(expect.objectContaining({ code: 'ENROLLMENT_NOT_MDM' }));
  });

  it('stores the profile in the data directory, without credentials, and notices tampering', () => {
    const dir = scratchDir();
    const store = new EnrollmentProfileStore(dir);
    const saved = store.save(checkEnrollmentProfile(enrollment), { kind: 'url', url: 'https://staging:s3cret@mdm.example.com/enroll' });
    expect(saved.source).toEqual({ kind: 'url', url: 'https://mdm.example.com/enroll' });
    expect(store.load().bytes).toEqual(enrollment);
    expect(() => new EnrollmentProfileStore(scratchDir()).load()).toThrow(expect.objectContaining({ code: 'ENROLLMENT_NOT_FOUND' }));
  });
});
