import { randomUUID } from 'node:crypto';

/** Host-side usbmuxd state: pair records by UDID (opaque bytes, returned exactly as saved) and the BUID. */
export class PairRecordStore {
  private readonly records = new Map<string, Buffer>();

  constructor(
    public buid: string = randomUUID().toUpperCase(),
    private readonly onChange: () => void = () => undefined,
  ) {}

  read(udid: string): Buffer | undefined {
    return this.records.get(udid);
  }

  save(udid: string, data: Buffer): void {
    this.records.set(udid, Buffer.from(data));
    this.onChange();
  }

  delete(udid: string): boolean {
    const existed = this.records.delete(udid);
    if (existed) this.onChange();
    return existed;
  }

  has(udid: string): boolean {
    return this.records.has(udid);
  }

  toJSON(): { buid: string; records: Record<string, string> } {
    const records: Record<string, string> = {};
    for (const [udid, data] of this.records) records[udid] = data.toString('base64');
    return { buid: this.buid, records };
  }

  load(data: { buid?: string; records?: Record<string, string> }): void {
    if (data.buid) this.buid = data.buid;
    for (const [udid, b64] of Object.entries(data.records ?? {})) this.records.set(udid, Buffer.from(b64, 'base64'));
  }
}
