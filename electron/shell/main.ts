// The Electron entry: wiring only. Every decision lives in the plain-Node modules beside it.
import { join } from 'node:path';
import { BrowserWindow, Menu, Notification, Tray, app, dialog, ipcMain, nativeImage, protocol, safeStorage, session, shell } from 'electron';
import type { DeviceSummary, HostInfo, StationEvent } from '../api/index.js';
import { dataDirectory } from '../platform/data-dir.js';
import { openStation } from '../station/station.js';
import { APP_ENTRY, APP_SCHEME, isAppUrl } from './app-origin.js';
import { appProtocolHandler } from './app-protocol.js';
import { DeviceTally, badgeText, trayTooltip } from './device-tally.js';
import { CHANNEL } from './ipc-channels.js';
import { TrustedIpc } from './ipc-wrapper.js';
import { KioskController } from './kiosk-controller.js';
import { KioskPinStore } from './kiosk-pin-store.js';
import { menuTemplate } from './menu-template.js';
import { NotificationPolicy } from './notification-policy.js';
import { isTrustedSender } from './sender-check.js';
import { registerStationIpc } from './station-ipc.js';
import { SHELL_ACTIVATION, shellStationOptions } from './station-setup.js';
import { buildWindowOptions } from './window-options.js';
import { guardContents } from './window-guards.js';

const args = new Set(process.argv.slice(1));
const startInKiosk = args.has('--kiosk') || process.env.CARTWRIGHT_KIOSK === '1';
const devTools = !app.isPackaged && args.has('--dev-tools');
const log = (line: string): void => console.error(`cartwright shell: ${line}`);

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

app.on('web-contents-created', (_e, contents) => guardContents(contents, { kiosk: () => kiosk?.isActive ?? startInKiosk, log }));

let kiosk: KioskController | undefined;

async function start(): Promise<void> {
  const root = app.getAppPath();
  const dataDir = dataDirectory();
  protocol.handle(APP_SCHEME, appProtocolHandler(join(root, 'dist', 'renderer')));
  // The screens ask for nothing: camera, notifications, USB… are all refused.
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, done) => done(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  // safeStorage is only usable once the app is ready, which start() runs after.
  const station = await openStation(shellStationOptions(safeStorage));
  const win = new BrowserWindow(buildWindowOptions({ preload: join(root, 'dist', 'electron', 'shell', 'preload.cjs'), kiosk: startInKiosk, devTools }));
  const ours = new Set([win.webContents.id]);

  const pins = new KioskPinStore(dataDir);
  kiosk = new KioskController(pins, {
    apply: (on) => {
      win.setKiosk(on);
      win.setClosable(!on);
      Menu.setApplicationMenu(on ? null : appMenu);
      void win.loadURL(`${APP_ENTRY}#/${on ? 'kiosk' : 'cart'}`);
    },
  });
  const appMenu = Menu.buildFromTemplate(
    menuTemplate(
      {
        enterKiosk: () => {
          try {
            kiosk?.enter();
          } catch (err) {
            void dialog.showMessageBox(win, { type: 'warning', message: (err as Error).message });
          }
        },
        openDataDir: () => void shell.openPath(dataDir),
        show: (route) => void win.loadURL(`${APP_ENTRY}#/${route}`),
      },
      process.platform,
      devTools,
    ),
  );
  if (startInKiosk && !kiosk.pinSet) {
    void dialog.showMessageBox({ type: 'warning', message: 'Kiosk mode needs an admin PIN. Set one in Admin › Settings, then enter kiosk mode.' });
  } else if (startInKiosk) {
    kiosk.enter();
  }
  Menu.setApplicationMenu(kiosk.isActive ? null : appMenu);

  const ipc = new TrustedIpc(ipcMain, { isTrusted: (e) => isTrustedSender(e, ours), log });
  registerStationIpc(ipc, station.handlers, {
    hostInfo: (): HostInfo => ({ kind: 'electron', kiosk: kiosk?.isActive ?? false, canExitKiosk: true, kioskPinSet: kiosk?.pinSet ?? false }),
    isKiosk: () => kiosk?.isActive ?? false,
    exitKiosk: async (pin) => kiosk?.exit(pin) ?? true,
    enterKiosk: async () => kiosk?.enter() ?? false,
    setKioskPin: async (pin) => kiosk?.setPin(pin),
  });

  const tally = new DeviceTally();
  const policy = new NotificationPolicy();
  const tray = new Tray(nativeImage.createFromPath(join(root, 'resources', 'icon.png')).resize({ width: 18, height: 18 }));
  tray.on('click', () => win.show());
  const refreshBadge = (): void => {
    const t = tally.tally();
    tray.setToolTip(trayTooltip(t));
    if (process.platform === 'darwin') app.dock?.setBadge(badgeText(t));
    else app.setBadgeCount(t.attention);
  };
  tally.reset((await station.handlers['devices.list']({})) as DeviceSummary[]);
  refreshBadge();
  const unsubscribe = station.subscribe((event: StationEvent) => {
    if (!win.isDestroyed() && isAppUrl(win.webContents.getURL())) win.webContents.send(CHANNEL.event, event);
    tally.apply(event);
    if (event.type === 'devices' || event.type === 'device-removed') refreshBadge();
    if (Notification.isSupported()) for (const n of policy.decide(event)) new Notification({ title: n.title, body: n.body, urgency: n.urgent ? 'critical' : 'normal' }).show();
  });

  win.on('close', (e) => {
    if (kiosk?.isActive) e.preventDefault();
  });
  win.once('ready-to-show', () => win.show());
  await win.loadURL(`${APP_ENTRY}#/${kiosk.isActive ? 'kiosk' : 'cart'}`);
  // Staging starts once the screens can show it: resumed jobs, the flows, the outbox, the MDM sync.
  station.activateStaging(SHELL_ACTIVATION);

  // The station closes its store and stops its jobs cleanly before the process goes.
  let closing = false;
  app.on('before-quit', (e) => {
    if (closing) return;
    closing = true;
    e.preventDefault();
    unsubscribe();
    ipc.dispose();
    void station.close().finally(() => app.quit());
  });
}

app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.show());
app.on('window-all-closed', () => app.quit());
app
  .whenReady()
  .then(start)
  .catch((err: unknown) => {
    dialog.showErrorBox('Cartwright cannot start', (err as Error).message ?? String(err));
    app.exit(1);
  });
