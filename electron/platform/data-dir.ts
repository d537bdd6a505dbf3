import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The station's data directory: `--data-dir` / `CARTWRIGHT_DATA_DIR`, else the platform's place
 * for application data (XDG on Linux, Application Support on macOS, %APPDATA% on Windows).
 */
export function dataDirectory(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CARTWRIGHT_DATA_DIR) return resolve(env.CARTWRIGHT_DATA_DIR);
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Cartwright');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Cartwright');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'cartwright');
}
