import { useEffect, useState } from 'react';
import type { ApiError, HostedOutput } from '../../../electron/api/index.js';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';
import { asApiError } from '../transport/transport';

export type DeviceDetail = HostedOutput<'devices.get'>;

/** The device's full record; reloaded whenever its summary changes state (a step finished, an error). */
export function useDeviceDetail(udid: string): { detail: DeviceDetail | null; error: ApiError | null; reload: () => void } {
  const transport = useTransport();
  const stamp = useStation((s) => {
    const d = s.devices[udid];
    return d ? `${d.state}|${d.stateDetail ?? ''}|${d.name ?? ''}|${d.supervised}` : 'gone';
  });
  const [detail, setDetail] = useState<DeviceDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    transport
      .call('devices.get', { udid })
      .then((d) => {
        if (!live) return;
        setDetail(d);
        setError(null);
      })
      .catch((err: unknown) => live && setError(asApiError(err)));
    return () => {
      live = false;
    };
  }, [transport, udid, stamp, tick]);
  return { detail, error, reload: () => setTick((t) => t + 1) };
}
