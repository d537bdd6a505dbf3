import type { Duplex } from 'node:stream';
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { readFrames } from '../lockdown/framing.js';
import { asDict, asString, type PlistDict } from '../plist-codec.js';
import { sendReply } from './framed.js';
import { appInfo, systemApps } from './system-apps.js';

/**
 * `com.apple.mobile.installation_proxy`, listing only: a stock device has its system apps and no
 * user apps. Browse answers chunks `{Status: BrowsingApplications, CurrentIndex, CurrentAmount,
 * Total, CurrentList}` then `{Status: Complete}` (go-ios ios/installationproxy browseApps reads
 * until Complete and places each CurrentList at CurrentIndex); Lookup answers one
 * `{LookupResult: {bundleId: info}, Status: Complete}` (pymobiledevice3
 * services/installation_proxy.py lookup). Install/Uninstall are not modelled yet: they answer
 * the device's error shape `{Error, ErrorDescription}`.
 */
const CHUNK = 10;

export function serveInstallationProxy(stream: Duplex, device: VirtualDevice, ctx: CartContext): void {
  const reader = readFrames(
    stream,
    async (request) => {
      const command = asString(request.Command) ?? 'Unknown';
      device.count(command);
      ctx.log(device.udid, `installation_proxy ${command}`);
      for (const reply of answer(device, command, asDict(request.ClientOptions) ?? {})) {
        if (!(await sendReply(stream, device, ctx, command, reply))) return;
      }
    },
    () => {
      reader.detach();
      stream.destroy();
    },
  );
}

function listed(device: VirtualDevice, options: PlistDict): Record<string, unknown>[] {
  const type = asString(options.ApplicationType) ?? 'Any';
  if (type !== 'Any' && type !== 'System') return [];
  const wanted = Array.isArray(options.ReturnAttributes) ? options.ReturnAttributes.filter((a): a is string => typeof a === 'string') : null;
  const ids = Array.isArray(options.BundleIDs) ? new Set(options.BundleIDs.filter((a): a is string => typeof a === 'string')) : null;
  return systemApps(device)
    .filter((app) => !ids || ids.has(app.bundleId))
    .map((app) => {
      const info = appInfo(device, app);
      // CFBundleIdentifier always comes back: clients key the result by it.
      return wanted ? Object.fromEntries(Object.entries(info).filter(([k]) => k === 'CFBundleIdentifier' || wanted.includes(k))) : info;
    });
}

function answer(device: VirtualDevice, command: string, options: PlistDict): PlistDict[] {
  switch (command) {
    case 'Browse': {
      const apps = listed(device, options);
      const chunks: PlistDict[] = [];
      for (let i = 0; i < apps.length; i += CHUNK) {
        const list = apps.slice(i, i + CHUNK);
        chunks.push({ Status: 'BrowsingApplications', CurrentIndex: i, CurrentAmount: list.length, Total: apps.length, CurrentList: list });
      }
      return [...chunks, { Status: 'Complete' }];
    }
    case 'Lookup': {
      const result: Record<string, unknown> = {};
      for (const info of listed(device, options)) result[String(info.CFBundleIdentifier)] = info;
      return [{ LookupResult: result, Status: 'Complete' }];
    }
    case 'Install':
    case 'Upgrade':
      return [{ Error: 'PackageInspectionFailed', ErrorDescription: 'Failed to inspect the package: app install is not modelled by the virtual cart.' }];
    case 'Uninstall':
      return [{ Error: 'APIInternalError', ErrorDescription: 'System apps cannot be removed over installation_proxy.' }];
    default:
      return [{ Error: 'UnknownCommand', ErrorDescription: `Unknown command ${command}` }];
  }
}
