import { describe, expect, it } from 'vitest';
import { fingerprintGroups, keyTypeLabel, splitMdmAnswer } from '../../../renderer/src/admin/admin-format.js';
import { configureInput } from '../../../renderer/src/admin/mdm-form.js';

describe('the admin screens’ wording', () => {
  it('splits the MDM’s answer into the sentence and the support details', () => {
    expect(splitMdmAnswer('MDM_REJECTED (HTTP 400): Workspace ONE rejected the request (HTTP 400): User ana cannot register devices [errorCode 6002, activityId 1d8c]')).toEqual({
      sentence: 'User ana cannot register devices',
      detail: 'MDM_REJECTED · HTTP 400 · errorCode 6002, activityId 1d8c',
    });
    expect(splitMdmAnswer('NOT_FOUND: no such user')).toEqual({ sentence: 'No such user', detail: 'NOT_FOUND' });
    expect(splitMdmAnswer('station stopped during delivery')).toEqual({ sentence: 'station stopped during delivery', detail: null });
  });

  it('groups a fingerprint by four and names key types', () => {
    expect(fingerprintGroups('b7:18:2f:ce:05:c4')).toBe('B718 2FCE 05C4');
    expect(keyTypeLabel('p256')).toBe('ECDSA P-256');
    expect(keyTypeLabel('ed25519')).toBe('ED25519');
  });
});

describe('the MDM form', () => {
  const blank = { url: '', og: '', stagingUser: '', username: '', password: '', tenantCode: '', clientId: '', clientSecret: '', tokenUrl: '', apiKey: '', network: '', merakiUrl: '' };

  it('sends only what was filled in, for the chosen kind and sign-in', () => {
    expect(configureInput('workspace-one', 'basic', { ...blank, url: ' https://as1.awmdm.com ', username: 'api', password: 'pw', tenantCode: 'T', apiKey: 'ignored' })).toEqual({
      kind: 'workspace-one',
      url: 'https://as1.awmdm.com',
      username: 'api',
      password: 'pw',
      tenantCode: 'T',
    });
    expect(configureInput('workspace-one', 'oauth', { ...blank, url: 'https://x', clientId: 'c', clientSecret: 's', tokenUrl: 'https://t', username: 'ignored' })).toEqual({
      kind: 'workspace-one',
      url: 'https://x',
      clientId: 'c',
      clientSecret: 's',
      tokenUrl: 'https://t',
    });
    expect(configureInput('meraki', 'basic', { ...blank, apiKey: 'k', network: ' N_1 ' })).toEqual({ kind: 'meraki', apiKey: 'k', network: 'N_1' });
    expect(configureInput('local', 'basic', { ...blank, apiKey: 'k' })).toEqual({ kind: 'local' });
  });
});
