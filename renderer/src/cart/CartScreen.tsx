import { Alert, Anchor, Group, Stack, TextInput, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { routeHref } from '../nav/route';
import { useStation } from '../store/station-store';
import { useUi } from '../store/ui-store';
import { BulkActions } from './BulkActions';
import { CartBatchPanel } from './CartBatchPanel';
import { CartGrid } from './CartGrid';
import { CartSummary } from './CartSummary';
import { UnknownDevices } from './UnknownDevices';
import { cartModel } from './cart-model';

/** Keeps the layout stable: only which UDID sits in which slot matters here, not each device's changes. */
function usePlacement(): string {
  return useStation((s) =>
    Object.values(s.devices)
      .filter((d) => d.connected || d.state === 'checked-out')
      .map((d) => `${d.udid}@${d.slot ?? ''}`)
      .sort()
      .join(','),
  );
}

export function CartScreen() {
  const cart = useStation((s) => s.cart);
  const placement = usePlacement();
  const model = useMemo(() => cartModel(cart, useStation.getState().devices), [cart, placement]);
  const { search, setSearch, selectOnly, clear, setOrder } = useUi(useShallow((s) => ({ search: s.search, setSearch: s.setSearch, selectOnly: s.selectOnly, clear: s.clear, setOrder: s.setOrder })));
  // Slot order, as the grid shows it: what a shift-click's range and "Select all" follow.
  const order = useMemo(() => [...model.cells.map((c) => c.udid), ...model.unplaced].filter((u): u is string => u !== null), [model]);
  useEffect(() => setOrder(order), [order, setOrder]);
  useHotkeys([
    ['mod+A', () => selectOnly(order)],
    ['Escape', clear],
  ]);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={2}>{cart?.layout?.name ?? 'Cart'}</Title>
        <TextInput placeholder="Find by name, serial, slot, holder…" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={320} aria-label="Find a device" />
      </Group>
      <CartSummary />
      <BulkActions />
      <CartBatchPanel />
      {!model.calibrated ? (
        <Alert color="blue" variant="light" title="This cart is not calibrated yet">
          Devices are shown in the order they were found. <Anchor href={routeHref({ screen: 'admin', tab: 'calibration' })}>Calibrate the cart</Anchor> so each tile sits where its slot is.
        </Alert>
      ) : null}
      <CartGrid cells={model.cells} columns={model.columns} />
      <UnknownDevices udids={model.unplaced} />
    </Stack>
  );
}
