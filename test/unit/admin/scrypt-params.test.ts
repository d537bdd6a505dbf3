import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from '../../../electron/mdm/index.js';
import type { Station } from '../../../electron/station/station.js';
import { stationInternals } from '../../../electron/station/station-internals.js';
import { openTestStation } from './station-fixture.js';

const SALT = 'c2FsdHNhbHRzYWx0c2FsdA==';
const HASH = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

describe('users.import: PIN hashes with foreign scrypt parameters', () => {
  let station: Station;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ station, dispose } = await openTestStation());
  });
  afterAll(() => dispose());

  it('refuses a huge N (the memory attack), naming the line, and imports nothing', async () => {
    const csv = `id,name,username,pin_hash\nok1,Ok,ok1,${hashPin('2468')}\nbig,Big,big,scrypt$1073741824$8$1$${SALT}$${HASH}\n`;
    const r = await station.handlers['users.import']({ csv });
    expect(r.imported).toBe(0);
    expect(r.errors).toEqual([expect.stringMatching(/^line 3: the PIN hash of big is refused: its scrypt parameters \(N=1073741824, r=8, p=1\) are not this station's \(N=16384, r=8, p=1\)/)]);
    expect(stationInternals(station).store.users.get('ok1')).toBeUndefined();
  });

  it('refuses a tiny cost, other r/p, and wrong salt or hash lengths', async () => {
    for (const hash of [`scrypt$2$8$1$${SALT}$${HASH}`, `scrypt$16384$1024$1$${SALT}$${HASH}`, `scrypt$16384$8$64$${SALT}$${HASH}`, `scrypt$16384$8$1$AAAA$${HASH}`, `scrypt$16384$8$1$${SALT}$AAAA`]) {
      const r = await station.handlers['users.import']({ csv: `id,name,pin_hash\nx,X,${hash}\n` });
      expect(r).toMatchObject({ imported: 0, errors: [expect.stringMatching(/^line 2: the PIN hash of x is refused/)] });
    }
  });

  it("imports the station's own hashes, and a foreign hash already stored never reaches scrypt at its cost", async () => {
    const r = await station.handlers['users.import']({ csv: `id,name,username,pin_hash\nok1,Ok,ok1,${hashPin('2468')}\n` });
    expect(r).toMatchObject({ imported: 1, errors: [] });
    expect(await verifyPin('2468', `scrypt$1073741824$8$1$${SALT}$${HASH}`)).toBe(false);
    // Written past the import check (an old database): identify answers "wrong PIN", not a 500.
    stationInternals(station).store.users.upsert({ id: 'old', name: 'Old', username: 'old', source: 'local', pinHash: `scrypt$4294967296$8$1$${SALT}$${HASH}` });
    await expect(station.handlers['kiosk.identify']({ credential: { username: 'old', pin: '1234' } })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await station.handlers['kiosk.identify']({ credential: { username: 'ok1', pin: '2468' } })).user.username).toBe('ok1');
  });
});
