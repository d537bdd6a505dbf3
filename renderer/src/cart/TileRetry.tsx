import { memo, type MouseEvent } from 'react';
import type { DeviceSummary } from '../../../electron/api/index.js';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';

/** A device whose job failed, or waits for a person (a passcode, Trust): a retry is what to do next. */
export function canRetry(d: Pick<DeviceSummary, 'code' | 'connected'>): boolean {
  return d.connected && (d.code === 'failed' || d.code === 'paused-error');
}

/** The tile's Retry: queues the device's job again (staging.retry), from the step that failed. */
export const TileRetry = memo(function TileRetry({ udid, title }: { udid: string; title: string }) {
  const transport = useTransport();
  const retry = useAction(() => transport.call('staging.retry', { udid }));
  const onClick = (e: MouseEvent) => {
    // The tile around it selects on click; a retry must not change the selection.
    e.stopPropagation();
    void retry.run();
  };
  return (
    <button type="button" className="cw-tile-retry" aria-label={`Retry ${title}`} disabled={retry.busy} title={retry.error?.message} onClick={onClick} onPointerDown={(e) => e.stopPropagation()}>
      {retry.error ? 'Retry failed: try again' : 'Retry'}
    </button>
  );
});
