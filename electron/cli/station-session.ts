import { errorInfo } from '../staging/error-info.js';
import { Station, type StationOptions } from '../station/station.js';
import { dataDirectory } from '../platform/data-dir.js';
import { callApi } from './api-call.js';
import { CliError, ExitCode } from './exit-codes.js';

/**
 * Opens the station for one command, waits until every device usbmuxd lists has been read, runs
 * the command and closes the station again — also on Ctrl-C, so jobs stay resumable and the data
 * directory's lock is released.
 */
export async function withStation<T>(options: Omit<StationOptions, 'dataDir'>, work: (station: Station) => Promise<T>): Promise<T> {
  let station: Station;
  try {
    station = await Station.open({ dataDir: dataDirectory(), source: 'cli', ...options });
  } catch (e) {
    const info = errorInfo(e);
    const code = (e as { code?: string }).code;
    throw new CliError(`${info.message}${info.remedy && code !== 'STATION_LOCKED' ? ` — ${info.remedy}` : ''}`, ExitCode.FAILURE, code ?? info.code);
  }
  const interrupted = new Promise<never>((_, reject) => {
    const stop = () => reject(new CliError('interrupted: unfinished jobs stay in the journal; resume them with cartwright stage --resume', ExitCode.FAILURE, 'INTERRUPTED'));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  interrupted.catch(() => undefined);
  try {
    await station.ready();
    return await Promise.race([work(station), interrupted]);
  } finally {
    await station.close();
  }
}

/**
 * Resolves the devices a command names, from the station's `devices.list`: explicit UDIDs (all
 * connected) or --all (every connected one).
 */
export async function selectDevices(station: Pick<Station, 'handlers'>, udids: string[], all: boolean | undefined): Promise<string[]> {
  if (all && udids.length) throw new CliError('name devices or use --all, not both', ExitCode.USAGE, 'USAGE');
  if (!all && !udids.length) throw new CliError('name at least one device (UDID) or use --all', ExitCode.USAGE, 'USAGE');
  const connected = new Set((await callApi(station, 'devices.list', {})).filter((d) => d.connected).map((d) => d.udid));
  if (all) {
    if (!connected.size) throw new CliError('no devices are connected: plug devices into the cart (cartwright doctor checks usbmuxd)', ExitCode.FAILURE, 'NO_DEVICES');
    return [...connected];
  }
  const unknown = udids.filter((u) => !connected.has(u));
  if (unknown.length) throw new CliError(`not connected: ${unknown.join(', ')} (cartwright devices lists what is)`, ExitCode.FAILURE, 'NOT_FOUND');
  return udids;
}
