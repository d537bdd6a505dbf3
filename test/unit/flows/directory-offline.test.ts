import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlowDirectory } from '../../../electron/flows/directory/service.js';
import { LocalConnector } from '../../../electron/mdm/local/connector.js';
import type { MdmConnector } from '../../../electron/mdm/index.js';
import { openStore, type Store } from '../../../electron/store/index.js';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-directory-'));
  store = openStore(dir, { secretBox: () => null });
  store.users.upsert({ id: 'u1', name: 'Ana Lima', username: 'ana', source: 'local' });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the flows directory', () => {
  it('is not "offline" when the station keeps the directory itself (no MDM to reach)', async () => {
    const directory = new FlowDirectory(store, () => new LocalConnector(store));
    expect(await directory.search('Ana', 20)).toMatchObject({ offline: false, users: [{ id: 'u1' }] });
    await expect(directory.resolve('nobody')).rejects.toThrow(/^No one in the directory is "nobody"\.$/);
  });

  it('says "offline" when the MDM does not answer, and searched the cached directory only', async () => {
    const down = { ...new LocalConnector(store), kind: 'workspace-one', searchUsers: () => Promise.reject(new Error('ECONNREFUSED')) } as unknown as MdmConnector;
    const directory = new FlowDirectory(store, () => down);
    expect(await directory.search('Ana', 20)).toMatchObject({ offline: true, users: [{ id: 'u1' }] });
    await expect(directory.resolve('nobody')).rejects.toThrow(/the MDM cannot be reached/);
  });
});
