import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as CsvParse from 'csv-parse/sync';
import { parseUsersCsv } from '../../../../electron/mdm/local/csv-users.js';
import { openStore } from '../../../../electron/store/index.js';
import { mutateBytes, mutateText } from '../../core/mutate.js';
import { classifyError } from '../outcome.js';
import type { FuzzTarget } from './types.js';

// The station loads csv-parse on first use through require() (electron/platform/lazy-package.ts),
// so the errors it throws are the CommonJS build's CsvError, not the ES module build's class.
const { CsvError } = createRequire(import.meta.url)('csv-parse/sync') as typeof CsvParse;

const BASES = [
  'id,name,email,badge,pin,groups\nu1,Ada Lovelace,ada@example.com,B-0001,1234,staff;math\nu2,Alan Turing,alan@example.com,B-0002,,staff\n',
  'User ID,Full Name,Mail,Badge ID,Groups\n7,"Grace ""Amazing"" Hopper",grace@example.com,9001,"navy|cs"\n8,Edsger,edsger@example.com,9002,\n',
  '\uFEFFusername,display name,pin_hash\njdoe,John Doe,scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==\n',
  'login;name\nx;y\n',
  'id,name\n1,A\n2,B\n3,C\n4,D\n5,E\n',
];

/** The store's own codes for the all-or-nothing write. */
const STORE_CODES = ['CONFLICT', 'INVALID_INPUT'];

class Rollback extends Error {}

/**
 * A users CSV import as `cartwright users import` does it: parse, then write every user in one
 * transaction — here rolled back after each case, so cases stay independent.
 */
export const csv: FuzzTarget = {
  name: 'csv',
  weight: 14,
  caseMs: 15_000,
  async setup(ctx) {
    const store = openStore(join(ctx.tmp, 'csv-store'));
    return {
      async run(rng) {
        const base = rng.pick(BASES);
        const text = rng.chance(0.8) ? mutateText(base, rng) : mutateBytes(Buffer.from(base), rng).toString('utf8');
        try {
          const parsed = parseUsersCsv(text);
          if (parsed.errors.length) return { kind: 'typed', code: 'INVALID_INPUT' };
          try {
            store.transaction(() => {
              store.users.upsertMany(parsed.users);
              throw new Rollback();
            });
          } catch (e) {
            if (!(e instanceof Rollback)) throw e;
          }
          return { kind: 'ok' };
        } catch (e) {
          // csv-parse's CsvError carries a stable library code (the CLI reports it as INVALID_INPUT).
          if (e instanceof CsvError) return { kind: 'typed', code: `csv:${e.code}` };
          return classifyError(e, (code) => STORE_CODES.includes(code));
        }
      },
      async close() {
        store.close();
      },
    };
  },
};
