/**
 * After a batch that had devices yanked and replugged under it: every job must be settled in a
 * clear state (succeeded, or failed/paused with a stable code a technician can act on), nothing
 * left `running`, and the journal must agree with the devices (pure; the scenario gathers).
 */
export interface UnplugEvidence {
  devices: { udid: string; supervised: boolean; name: string }[];
  jobs: { id: string; udid: string; state: string; error_code: string | null; error_message?: string | null }[];
  steps: { job_id: string; name: string; state: string }[];
}

export interface UnplugVerdict {
  byState: Record<string, number>;
  /** Codes of jobs that ended failed or paused, for the summary. */
  codes: Record<string, number>;
  unsettled: string[];
  /** INTERNAL (an error without a stable code reached the journal). */
  untyped: string[];
  violations: string[];
}

const SETTLED = new Set(['succeeded', 'failed', 'paused', 'cancelled']);
const NAME = /^Cart A-\d\d$/;

export function checkUnplugRound(e: UnplugEvidence): UnplugVerdict {
  const byState: Record<string, number> = {};
  const codes: Record<string, number> = {};
  const unsettled: string[] = [];
  const untyped: string[] = [];
  const violations: string[] = [];
  const device = new Map(e.devices.map((d) => [d.udid, d]));
  for (const j of e.jobs) {
    byState[j.state] = (byState[j.state] ?? 0) + 1;
    const who = `job ${j.id.slice(0, 8)} (${j.udid.slice(0, 12)})`;
    if (!SETTLED.has(j.state)) unsettled.push(`${who}: still ${j.state}`);
    if (j.state === 'failed' || j.state === 'paused') {
      if (!j.error_code) violations.push(`${who}: ${j.state} without an error code`);
      else codes[j.error_code] = (codes[j.error_code] ?? 0) + 1;
      if (j.error_code === 'INTERNAL') untyped.push(`${who}: ${j.state} with INTERNAL${j.error_message ? ` (“${j.error_message}”)` : ''}`);
    }
    if (j.state === 'succeeded') {
      const d = device.get(j.udid);
      if (!d) violations.push(`${who}: succeeded for a device the cart does not have`);
      else if (!d.supervised || !NAME.test(d.name)) violations.push(`${who}: succeeded but the device is ${d.supervised ? '' : 'not supervised, '}named "${d.name}"`);
    }
  }
  for (const s of e.steps) if (s.state === 'running') unsettled.push(`job ${s.job_id.slice(0, 8)} step ${s.name}: left running`);
  for (const d of e.devices) if (!e.jobs.some((j) => j.udid === d.udid)) violations.push(`${d.udid.slice(0, 12)}: no job in the batch`);
  return { byState, codes, unsettled, untyped, violations };
}
