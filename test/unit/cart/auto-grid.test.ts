import { describe, expect, it } from 'vitest';
import { autoGrid } from '../../../electron/cart/auto-grid.js';

describe('autoGrid: the layout of an auto-numbered cart when no sides are given', () => {
  it('is the most nearly square grid, wider than tall, that holds every device', () => {
    expect(autoGrid(1)).toEqual({ rows: 1, columns: 1 });
    expect(autoGrid(3)).toEqual({ rows: 1, columns: 3 });
    expect(autoGrid(16)).toEqual({ rows: 4, columns: 4 });
    expect(autoGrid(24)).toEqual({ rows: 4, columns: 6 });
    expect(autoGrid(30)).toEqual({ rows: 5, columns: 6 });
    for (let n = 1; n <= 1024; n++) {
      const { rows, columns } = autoGrid(n);
      expect(rows * columns).toBeGreaterThanOrEqual(n);
      expect(columns).toBeGreaterThanOrEqual(rows);
      expect(columns).toBeLessThanOrEqual(64);
    }
  });

  it('refuses to lay out no devices', () => {
    expect(() => autoGrid(0)).toThrow(/no devices/);
  });
});
