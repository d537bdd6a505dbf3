import { memo } from 'react';
import './tiles.css';

interface Props {
  level: number | null;
  charging: boolean | null;
}

/** A battery drawn in CSS: level fill, red when low, a bolt while charging. Plain markup: it is on every tile. */
export const BatteryGauge = memo(function BatteryGauge({ level, charging }: Props) {
  if (level === null) return <span className="cw-battery-none">battery —</span>;
  const tone = level <= 15 ? 'low' : level <= 40 ? 'mid' : 'ok';
  return (
    <span className="cw-battery-wrap" role="img" aria-label={`Battery ${level}%${charging ? ', charging' : ''}`}>
      <span className={`cw-battery cw-battery-${tone}`}>
        <span className="cw-battery-fill" style={{ width: `${level}%` }} />
      </span>
      <span className="cw-battery-level cw-mono">{`${level}%`}</span>
      {charging ? (
        <span className="cw-bolt" aria-hidden>
          ⚡
        </span>
      ) : null}
    </span>
  );
});
