import type { Command } from 'commander';
import { dataDirectory } from '../../platform/data-dir.js';
import { openStation } from '../../station/station.js';
import { DEFAULT_HOST, DEFAULT_PORT, ServerConfigError, checkServerOptions, startServer } from '../../server/index.js';
import { rendererDir } from '../../server/renderer-dir.js';
import { generatedTls, loadTlsFiles, type TlsMaterial } from '../../server/tls.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliContext } from '../cli-context.js';

interface ServeOptions {
  host: string;
  port: string;
  token?: string;
  insecureNoToken?: boolean;
  tls?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  sessionHours: string;
  kiosk?: boolean;
  json?: boolean;
}

const usage = (err: unknown): never => {
  if (err instanceof ServerConfigError) throw new CliError(err.message, ExitCode.USAGE, err.code);
  throw err;
};

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the station headless and serve its API and screens over HTTP(S) + WebSocket (a browser kiosk, a second screen)')
    .option('--host <address>', 'address to listen on (serve beyond loopback with --tls)', DEFAULT_HOST)
    .option('--port <port>', 'port to listen on (0 = any free port)', String(DEFAULT_PORT))
    .option('--token <token>', 'access token scripts carry (env CARTWRIGHT_SERVE_TOKEN; prefer the env, argv is visible to other users); default: a new random one each start')
    .option('--insecure-no-token', 'no access check at all: any program on this computer controls the station (loopback only)')
    .option('--tls', "serve HTTPS with a self-signed certificate kept in the data directory (its fingerprint is printed)")
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (with --tls-key)')
    .option('--tls-key <file>', 'the PEM private key of --tls-cert (unencrypted; keep it 0600)')
    .option('--session-hours <hours>', 'how long a signed-in browser stays signed in', '12')
    .option('--kiosk', 'serve the kiosk check-out/check-in screen and refuse admin commands')
    .option('--json', 'print the ready line as JSON')
    .action(async (opts: ServeOptions) => {
      const out = ctx.output(opts.json);
      const token = opts.token ?? process.env.CARTWRIGHT_SERVE_TOKEN ?? undefined;
      const port = Number(opts.port);
      const sessionHours = Number(opts.sessionHours);
      if (!(sessionHours > 0 && sessionHours <= 24 * 30)) throw new CliError('--session-hours must be a number of hours from 0 to 720', ExitCode.USAGE, 'USAGE');
      if (Boolean(opts.tlsCert) !== Boolean(opts.tlsKey)) throw new CliError('give --tls-cert and --tls-key together', ExitCode.USAGE, 'USAGE');
      if (opts.tls && opts.tlsCert) throw new CliError('give --tls (a generated certificate) or --tls-cert/--tls-key, not both', ExitCode.USAGE, 'USAGE');
      let tls: TlsMaterial | undefined;
      try {
        // Refuse an exposed bind or unusable TLS files before the station opens (and takes the data directory's lock).
        checkServerOptions({ host: opts.host, port, token, insecureNoToken: Boolean(opts.insecureNoToken) });
        if (opts.tlsCert && opts.tlsKey) tls = loadTlsFiles(opts.tlsCert, opts.tlsKey);
      } catch (err) {
        usage(err);
      }
      const station = await openStation({ source: opts.kiosk ? 'kiosk' : 'api' });
      let server;
      try {
        if (opts.tls) tls = generatedTls(dataDirectory(), opts.host);
        server = await startServer({
          handlers: station.handlers,
          subscribe: (listener) => station.subscribe(listener),
          host: opts.host,
          port,
          token,
          insecureNoToken: Boolean(opts.insecureNoToken),
          tls: tls ? { cert: tls.cert, key: tls.key } : undefined,
          sessionTtlMs: sessionHours * 60 * 60 * 1000,
          staticDir: rendererDir(),
          kiosk: Boolean(opts.kiosk),
          log: (line) => out.progress(`cartwright serve: ${line}`),
        });
      } catch (err) {
        await station.close();
        const code = (err as { code?: string }).code;
        if (code === 'EADDRINUSE') throw new CliError(`Port ${port} on ${opts.host} is already in use: stop what uses it, or pick another with --port.`, ExitCode.FAILURE, 'ADDRESS_IN_USE');
        return usage(err);
      }
      const running = server;
      // A serving station stages: plugged-in devices resume unfinished jobs, auto-stage applies, the outbox drains.
      station.activateStaging({ resumeAttached: true, periodicSync: true });
      const signIn = running.signInUrl();
      // On stderr even with --json: nobody should run this way without being told.
      if (!running.token) process.stderr.write('cartwright serve: WARNING — no access token (--insecure-no-token): any program on this computer can erase devices and read the station. Use this only on a computer nobody else uses.\n');
      out.result(
        { ready: true, url: running.url, signInUrl: signIn, kiosk: Boolean(opts.kiosk), tokenRequired: running.token !== null, tls: tls ? { fingerprint: tls.fingerprint, source: tls.source } : null },
        () =>
          [
            `Cartwright is serving on ${running.url}${opts.kiosk ? ' (kiosk)' : ''}. Press Ctrl+C to stop.`,
            ...(running.token ? [`Open this one-time sign-in address (it works once): ${signIn}`, ...(process.stdin.isTTY ? ['Press Enter for another one (a second screen).'] : [])] : []),
            ...(tls ? [`TLS certificate SHA-256 fingerprint (${tls.source}): ${tls.fingerprint}`] : []),
          ].join('\n'),
      );
      const onLine = (): void => out.progress(`cartwright serve: one-time sign-in address: ${running.signInUrl()}`);
      const interactive = running.token !== null && process.stdin.isTTY;
      if (interactive) {
        process.stdin.setEncoding('utf8');
        process.stdin.on('data', onLine);
      }
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      if (interactive) {
        process.stdin.off('data', onLine);
        process.stdin.pause();
      }
      await running.close();
      await station.close();
    });
}
