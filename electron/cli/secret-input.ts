import { readFileSync } from 'node:fs';
import { CliError, ExitCode } from './exit-codes.js';

/**
 * Secrets given to the CLI without putting them on its command line (visible in `ps` and shell
 * history): `--X-file FILE`, `--X-file -` (standard input), or an environment variable.
 */
export interface SecretSource {
  /** The option's own name (`--password`), for messages. */
  flag: string;
  value?: string | undefined;
  file?: string | undefined;
  env: string;
}

/** One trailing newline is dropped: `echo secret > file` and `printf secret` mean the same. */
const readSecretFile = (file: string): string => {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8').replace(/\r?\n$/, '');
  } catch (e) {
    throw new CliError(`cannot read ${file === '-' ? 'standard input' : file} for ${file === '-' ? 'a secret' : 'the secret'}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, ExitCode.USAGE, 'USAGE');
  }
};

export function readSecret(source: SecretSource, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (source.value !== undefined && source.file !== undefined) throw new CliError(`give ${source.flag} or ${source.flag}-file, not both`, ExitCode.USAGE, 'USAGE');
  if (source.file !== undefined) return readSecretFile(source.file);
  if (source.value !== undefined) return source.value;
  const fromEnv = env[source.env];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

/** At most one secret can come from standard input. */
export function assertOneStdin(files: (string | undefined)[]): void {
  if (files.filter((f) => f === '-').length > 1) throw new CliError('only one secret can be read from standard input (-); put the others in files', ExitCode.USAGE, 'USAGE');
}
