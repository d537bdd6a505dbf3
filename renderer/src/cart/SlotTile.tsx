import { memo, type KeyboardEvent, type MouseEvent } from 'react';
import { ErrorSentence } from '../common/ErrorSentence';
import { deviceTitle } from '../common/device-text';
import { navigate, routeHref } from '../nav/route';
import { useStation } from '../store/station-store';
import { useUi } from '../store/ui-store';
import { BatteryGauge } from './BatteryGauge';
import { StateLine } from './StateLine';
import { TileCheck } from './TileCheck';
import { TileRetry, canRetry } from './TileRetry';
import { matchesFilter } from './cart-model';
import './tiles.css';

interface Props {
  slot: number | null;
  label: string | null;
  udid: string;
}

// The link inside the tile opens the device; it must not also toggle the tile's selection.
const keepSelection = (e: MouseEvent) => e.stopPropagation();

/**
 * One device on the cart, drawn 100× and redrawn several times a second: plain markup and CSS
 * classes (tiles.css), no Mantine components. It subscribes to its own device and selection only;
 * the store keeps an unchanged device's object, so the other 99 tiles skip their render.
 */
export const SlotTile = memo(function SlotTile({ slot, label, udid }: Props) {
  const device = useStation((s) => s.devices[udid]);
  const selected = useUi((s) => s.selected[udid] === true);
  const visible = useUi((s) => (device ? matchesFilter(device, s.filter, s.search) : true));
  const click = useUi((s) => s.click);
  if (!device) return null;
  const title = deviceTitle(device);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) navigate({ screen: 'device', udid });
    else if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      click(udid, e.shiftKey);
    }
  };
  return (
    <div
      className="cw-tile"
      data-slot={slot ?? ''}
      data-udid={udid}
      data-state={device.state}
      data-held={device.code === 'paused-held' || undefined}
      data-selected={selected || undefined}
      data-dim={!visible || undefined}
      tabIndex={0}
      role="gridcell"
      aria-selected={selected}
      aria-label={`Slot ${slot ?? '?'}: ${title}, ${device.state}`}
      onClick={(e) => click(udid, e.shiftKey)}
      onKeyDown={onKeyDown}
    >
      <div className="cw-tile-head">
        <div className="cw-tile-id">
          <TileCheck checked={selected} />
          <span className="cw-slot-number">{slot ?? '–'}</span>
          {label ? <span className="cw-slot-label">{label}</span> : null}
        </div>
        <BatteryGauge level={device.battery} charging={device.charging} />
      </div>
      <div className="cw-tile-body">
        <a className="cw-tile-name" href={routeHref({ screen: 'device', udid })} tabIndex={-1} title={`Open ${title}`} onClick={keepSelection}>
          {title}
        </a>
        <div className="cw-tile-model" title={device.productVersion ? `iOS ${device.productVersion}` : undefined}>
          {device.model ?? device.productType ?? 'Unknown model'}
        </div>
      </div>
      <StateLine state={device.state} stateDetail={device.stateDetail} progress={device.progress} held={device.code === 'paused-held'} />
      {device.error && (device.state === 'error' || device.state === 'needs-activation') ? <ErrorSentence error={device.error} compact /> : null}
      {canRetry(device) ? <TileRetry udid={udid} title={title} /> : null}
      {device.holder ? <div className="cw-holder">{`Held by ${device.holder}`}</div> : null}
    </div>
  );
});
