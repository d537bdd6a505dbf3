import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  enterKiosk(): void;
  openDataDir(): void;
  /** Screens are routes inside the page (`#/cart`…); the menu asks the page to show one. */
  show(route: 'cart' | 'staging' | 'kiosk' | 'admin'): void;
}

/** The application menu (none at all in kiosk mode: the entry sets a null menu there). */
export function menuTemplate(actions: MenuActions, platform: NodeJS.Platform, devTools: boolean): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    { label: 'Cart', accelerator: 'CmdOrCtrl+1', click: () => actions.show('cart') },
    { label: 'Staging', accelerator: 'CmdOrCtrl+2', click: () => actions.show('staging') },
    { label: 'Kiosk', accelerator: 'CmdOrCtrl+3', click: () => actions.show('kiosk') },
    { label: 'Admin', accelerator: 'CmdOrCtrl+4', click: () => actions.show('admin') },
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { role: 'togglefullscreen' },
    ...(devTools ? [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const] : []),
  ];
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'Station',
      submenu: [
        { label: 'Enter Kiosk Mode…', click: () => actions.enterKiosk() },
        { label: 'Open Data Folder', click: () => actions.openDataDir() },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
}
