import { Chip, Group } from '@mantine/core';
import { useShallow } from 'zustand/react/shallow';
import type { DeviceState } from '../../../electron/api/index.js';
import { STATE_COLOR, STATE_LABEL, needsAttention } from '../common/device-text';
import { useStation } from '../store/station-store';
import { useUi, type StateFilter } from '../store/ui-store';

const SHOWN: DeviceState[] = ['ready', 'staging', 'waiting-trust', 'error', 'needs-activation', 'idle', 'checked-out'];

/** Counts per state, doubling as the state filter (one chip active at a time). */
export function CartSummary() {
  const counts = useStation(
    useShallow((s) => {
      const c: Record<string, number> = { all: 0, attention: 0 };
      for (const d of Object.values(s.devices)) {
        if (!d.connected && d.state !== 'checked-out') continue;
        c.all = (c.all ?? 0) + 1;
        c[d.state] = (c[d.state] ?? 0) + 1;
        if (needsAttention(d.state)) c.attention = (c.attention ?? 0) + 1;
      }
      return c;
    }),
  );
  const filter = useUi((s) => s.filter);
  const setFilter = useUi((s) => s.setFilter);
  return (
    <Chip.Group multiple={false} value={filter} onChange={(v) => setFilter(v as StateFilter)}>
      <Group gap={6} role="toolbar" aria-label="Filter by state">
        <Chip value="all" size="sm" variant="outline">
          All {counts.all ?? 0}
        </Chip>
        <Chip value="attention" size="sm" color="red" variant="outline">
          Needs attention {counts.attention ?? 0}
        </Chip>
        {SHOWN.filter((s) => (counts[s] ?? 0) > 0).map((s) => (
          <Chip key={s} value={s} size="sm" color={STATE_COLOR[s]} variant="outline">
            {STATE_LABEL[s]} {counts[s]}
          </Chip>
        ))}
      </Group>
    </Chip.Group>
  );
}
