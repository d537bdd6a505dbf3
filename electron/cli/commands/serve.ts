import type { Command } from 'commander';
import { openStation } from '../../station/station.js';
import { DEFAULT_HOST, DEFAULT_PORT, ServerConfigError, checkServerOptions, startServer } from '../../server/index.js';
import { rendererDir } from '../../server/renderer-dir.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliContext } from '../main.js';

interface ServeOptions {
  host: string;
  port: string;
  token?: string;
  kiosk?: boolean;
  json?: boolean;
}

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the station headless and serve its API and screens over HTTP + WebSocket (a browser kiosk, a second screen)')
    .option('--host <address>', 'address to listen on; anything but loopback needs --token', DEFAULT_HOST)
    .option('--port <port>', 'port to listen on (0 = any free port)', String(DEFAULT_PORT))
    .option('--token <token>', 'access token every request must carry (env CARTWRIGHT_SERVE_TOKEN; prefer the env, argv is visible to other users)')
    .option('--kiosk', 'serve the kiosk check-out/check-in screen and refuse admin commands')
    .option('--json', 'print the ready line as JSON')
    .action(async (opts: ServeOptions) => {
      const out = ctx.output(opts.json);
      const token = opts.token ?? process.env.CARTWRIGHT_SERVE_TOKEN ?? undefined;
      const port = Number(opts.port);
      try {
        // Refuse an exposed bind before the station opens (and takes the data directory's lock).
        checkServerOptions({ host: opts.host, port, token });
      } catch (err) {
        if (err instanceof ServerConfigError) throw new CliError(err.message, ExitCode.USAGE, err.code);
        throw err;
      }
      const station = await openStation({ source: opts.kiosk ? 'kiosk' : 'api' });
      let server;
      try {
        server = await startServer({
          handlers: station.handlers,
          subscribe: (listener) => station.subscribe(listener),
          host: opts.host,
          port,
          token,
          staticDir: rendererDir(),
          kiosk: Boolean(opts.kiosk),
          log: (line) => out.progress(`cartwright serve: ${line}`),
        });
      } catch (err) {
        await station.close();
        const code = (err as { code?: string }).code;
        if (code === 'EADDRINUSE') throw new CliError(`Port ${port} on ${opts.host} is already in use: stop what uses it, or pick another with --port.`, ExitCode.FAILURE, 'ADDRESS_IN_USE');
        throw err;
      }
      const running = server;
      // A serving station stages: plugged-in devices resume unfinished jobs, auto-stage applies, the outbox drains.
      station.activateStaging({ resumeAttached: true, periodicSync: true });
      out.result({ ready: true, url: running.url, kiosk: Boolean(opts.kiosk), tokenRequired: Boolean(token) }, () =>
        `Cartwright is serving on ${running.url}${token ? ' — open it with ?token=<your access token>' : ''}${opts.kiosk ? ' (kiosk)' : ''}. Press Ctrl+C to stop.`,
      );
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await running.close();
      await station.close();
    });
}
