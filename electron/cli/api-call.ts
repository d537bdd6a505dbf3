import { dispatchCommand, type HostedCommandName, type HostedHandlers, type HostedInput, type HostedOutput } from '../api/index.js';

/**
 * How a CLI command asks the station for anything: through `dispatchCommand`, the path the screens
 * (IPC) and the HTTP API take, so the input is zod-parsed the same way and the handler's state
 * checks, audit rows and wake-ups happen exactly as they do for a click. A CLI command is then a
 * formatter over the command's output; it never reaches into the runner, store or repositories.
 */
export async function callApi<K extends HostedCommandName>(station: { readonly handlers: HostedHandlers }, name: K, input: HostedInput<K>): Promise<HostedOutput<K>> {
  return (await dispatchCommand(station.handlers, name, input)) as HostedOutput<K>;
}
