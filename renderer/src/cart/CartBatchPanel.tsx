import { useStation } from '../store/station-store';
import { useUi } from '../store/ui-store';
import { BatchProgressCard } from '../staging/BatchProgressCard';

/**
 * The batch started from the Cart screen, live above the tiles: the technician watches, pauses
 * and retries without leaving the cart. Until one is started here, the newest unfinished batch.
 */
export function CartBatchPanel() {
  const watched = useUi((s) => s.watchedBatch);
  const batch = useStation((s) => {
    if (watched) return s.batches[watched] ?? null;
    const open = Object.values(s.batches).filter((b) => b.queued + b.running + b.paused > 0);
    return open.sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0] ?? null;
  });
  if (!batch) return null;
  return (
    <div data-testid="cart-batch">
      <BatchProgressCard batch={batch} />
    </div>
  );
}
