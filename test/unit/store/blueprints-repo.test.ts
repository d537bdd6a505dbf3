import { describe, expect, it } from 'vitest';
import { testStore } from './helpers.js';

describe('BlueprintsRepo', () => {
  it('versions a blueprint each time its body changes', () => {
    const { store, clock } = testStore();
    const v1 = store.blueprints.save('Prepare', { org: 'Acme', steps: ['pair', 'supervise'] }, 'tech');
    clock.advance(1_000);
    const v2 = store.blueprints.save('Prepare', { org: 'Acme Corp', steps: ['pair', 'supervise'] });
    expect([v1.created, v1.blueprint.version, v2.created, v2.blueprint.version]).toEqual([true, 1, true, 2]);
    expect(store.blueprints.latest('Prepare')?.body).toEqual({ org: 'Acme Corp', steps: ['pair', 'supervise'] });
    expect(store.blueprints.get('Prepare', 1)).toMatchObject({ createdBy: 'tech', body: { org: 'Acme' } });
    expect(store.blueprints.versions('Prepare').map((b) => b.version)).toEqual([1, 2]);
  });

  it('does not create a version for an unchanged body, whatever its key order', () => {
    const { store } = testStore();
    store.blueprints.save('Prepare', { a: 1, b: { c: [1, 2], d: null } });
    const again = store.blueprints.save('Prepare', { b: { d: null, c: [1, 2] }, a: 1 });
    expect(again).toMatchObject({ created: false, blueprint: { version: 1 } });
    // Array order is meaningful (steps run in order), so it does count as a change.
    expect(store.blueprints.save('Prepare', { a: 1, b: { c: [2, 1], d: null } }).blueprint.version).toBe(2);
  });

  it('lists one summary per name', () => {
    const { store } = testStore();
    store.blueprints.save('Prepare', { v: 1 });
    store.blueprints.save('Prepare', { v: 2 });
    store.blueprints.save('Erase', { v: 1 });
    expect(store.blueprints.list().map(({ name, latestVersion, versions }) => ({ name, latestVersion, versions }))).toEqual([
      { name: 'Erase', latestVersion: 1, versions: 1 },
      { name: 'Prepare', latestVersion: 2, versions: 2 },
    ]);
    expect(store.blueprints.latest('Missing')).toBeUndefined();
  });
});
