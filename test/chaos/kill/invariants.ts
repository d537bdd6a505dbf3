/**
 * What must hold after a batch survived SIGKILLs and resumed to the end (pure: the scenario reads
 * the cart and the station's SQLite file, this decides). Each violation is one sentence naming
 * the device or job, so the summary says exactly what was lost or duplicated.
 */
export interface KillEvidence {
  devices: { udid: string; supervised: boolean; name: string; counters: Record<string, number> }[];
  jobs: { id: string; udid: string; state: string; error_code: string | null }[];
  steps: { job_id: string; ordinal: number; name: string; state: string }[];
  /** Step audit entries: action `step.<name>` (or `step.<name>.failed`), details JSON text. */
  audit: { action: string; udid: string | null; details: string }[];
  outbox: { idempotency_key: string; kind: string; state: string }[];
}

export interface KillVerdict {
  violations: string[];
  /** Counts for the summary. */
  staged: number;
  lost: number;
  duplicated: number;
}

const NAME = /^Cart A-\d\d$/;

export function checkKillRound(e: KillEvidence): KillVerdict {
  const v: string[] = [];
  let lost = 0;
  let duplicated = 0;
  let staged = 0;
  const lose = (msg: string): void => {
    lost++;
    v.push(msg);
  };
  const dup = (msg: string): void => {
    duplicated++;
    v.push(msg);
  };

  const names = new Map<string, string>();
  for (const d of e.devices) {
    const n = d.counters.SetCloudConfiguration ?? 0;
    if (n === 0) lose(`${d.udid}: never supervised (SetCloudConfiguration 0)`);
    else if (n > 1) dup(`${d.udid}: supervised ${n} times (SetCloudConfiguration ${n})`);
    if (!d.supervised) v.push(`${d.udid}: not supervised at the end`);
    if (!NAME.test(d.name)) v.push(`${d.udid}: not renamed ("${d.name}")`);
    else if (names.has(d.name)) v.push(`${d.udid}: name "${d.name}" also used by ${names.get(d.name)}`);
    else names.set(d.name, d.udid);
    if (n === 1 && d.supervised && NAME.test(d.name)) staged++;
  }

  const jobsByDevice = new Map<string, KillEvidence['jobs']>();
  for (const j of e.jobs) jobsByDevice.set(j.udid, [...(jobsByDevice.get(j.udid) ?? []), j]);
  for (const d of e.devices) {
    const jobs = jobsByDevice.get(d.udid) ?? [];
    if (jobs.length !== 1) v.push(`${d.udid}: ${jobs.length} jobs in the journal (expected 1)`);
  }
  for (const j of e.jobs) {
    if (j.state !== 'succeeded') v.push(`job ${short(j.id)} (${short(j.udid)}): left ${j.state}${j.error_code ? ` (${j.error_code})` : ''}`);
  }

  const audited = new Map<string, number>();
  for (const a of e.audit) {
    if (!a.action.startsWith('step.') || a.action.endsWith('.failed')) continue;
    const d = parseDetails(a.details);
    const key = `${String(d.jobId)}|${a.action.slice('step.'.length)}|${String(d.outcome)}`;
    audited.set(key, (audited.get(key) ?? 0) + 1);
  }
  for (const s of e.steps) {
    if (s.state === 'succeeded' || s.state === 'skipped') {
      const n = audited.get(`${s.job_id}|${s.name}|${s.state}`) ?? 0;
      if (n === 0) v.push(`job ${short(s.job_id)} step ${s.name}: ${s.state} in the journal but not in the audit log`);
      if (n > 1) v.push(`job ${short(s.job_id)} step ${s.name}: audited ${n} times`);
    } else {
      const job = e.jobs.find((j) => j.id === s.job_id);
      if (job?.state === 'succeeded') v.push(`job ${short(s.job_id)} step ${s.name}: ${s.state} in a succeeded job`);
    }
  }

  const staging = e.outbox.filter((m) => m.kind === 'device-staged');
  for (const j of e.jobs) {
    const mine = staging.filter((m) => m.idempotency_key === `device-staged:${j.id}`);
    if (mine.length === 0) lose(`job ${short(j.id)} (${short(j.udid)}): no device-staged message in the outbox`);
    if (mine.length > 1) dup(`job ${short(j.id)}: ${mine.length} device-staged messages`);
    for (const m of mine) if (m.state === 'dead') lose(`job ${short(j.id)}: device-staged message dead-lettered`);
  }
  if (staging.length > e.jobs.length) dup(`${staging.length} device-staged messages for ${e.jobs.length} jobs`);

  return { violations: v, staged, lost, duplicated };
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const d = JSON.parse(text) as unknown;
    return typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const short = (id: string): string => id.slice(0, 8);
