/**
 * Battery level as a function of time: it charges while the device sits on a powered port and
 * drains off the cart. Computed lazily on read, so 100 devices cost no timers.
 */
export class Battery {
  private level: number;
  private at: number;
  /** The cart port supplies power (a test can turn this off to simulate a dead port). */
  private portPowered = true;
  private attached = false;

  constructor(
    initialLevel: number,
    private readonly msPerPercentCharging: number,
    private readonly msPerPercentDraining: number,
    private readonly now: () => number,
  ) {
    this.level = initialLevel;
    this.at = now();
  }

  /** Integer 0–100 as lockdown and IORegistry report it. */
  get percent(): number {
    return Math.max(0, Math.min(100, Math.round(this.current())));
  }

  get charging(): boolean {
    return this.attached && this.portPowered && this.current() < 100;
  }

  get externalConnected(): boolean {
    return this.attached && this.portPowered;
  }

  get fullyCharged(): boolean {
    return this.externalConnected && this.current() >= 100;
  }

  setAttached(attached: boolean): void {
    this.settle();
    this.attached = attached;
  }

  set(level: number | undefined, charging: boolean | undefined): void {
    this.settle();
    if (level !== undefined) this.level = Math.max(0, Math.min(100, level));
    if (charging !== undefined) this.portPowered = charging;
  }

  private settle(): void {
    this.level = this.current();
    this.at = this.now();
  }

  private current(): number {
    const elapsed = this.now() - this.at;
    if (elapsed <= 0) return this.level;
    if (this.attached && this.portPowered) return Math.min(100, this.level + elapsed / this.msPerPercentCharging);
    return Math.max(0, this.level - elapsed / this.msPerPercentDraining);
  }
}
