/**
 * One escalated MCInstall connection per device per job. Escalation belongs to the connection:
 * go-ios (`ios/mcinstall/mcinstall.go`: AddProfileSupervised escalates, then installs on the same
 * conn; SetWallpaper expects "an already-escalated connection") escalates with Escalate →
 * EscalateResponse → ProceedWithKeybagMigration, and the last leg can make the device wait. So a
 * job escalates once, keeps that connection for every silent install and setting that follows,
 * and releases it when the job ends or the device leaves.
 */
import { DeviceError } from '../device/errors.js';
import type { McInstall } from '../device/services/mcinstall.js';
import type { SupervisorIdentity } from '../staging/device-port.js';

interface Session {
  mc: McInstall;
  certificate: Buffer;
}

export class EscalatedSessions {
  private readonly sessions = new Map<string, Session>();
  /** Escalations in flight, so two concurrent callers for one device share one. */
  private readonly opening = new Map<string, Promise<McInstall>>();
  /**
   * Devices released while their escalation was in flight (and why, when the device left): that
   * connection is closed, not kept.
   */
  private readonly releasedWhileOpening = new Map<string, DeviceError | undefined>();

  constructor(private readonly open: (udid: string) => Promise<McInstall>) {}

  /** The device's escalated connection for `identity`, escalating (once) when there is none. */
  async get(udid: string, identity: SupervisorIdentity): Promise<McInstall> {
    const existing = this.sessions.get(udid);
    if (existing && existing.certificate.equals(identity.certificateDer)) return existing.mc;
    if (existing) await this.release(udid);
    const pending = this.opening.get(udid);
    if (pending) return pending;
    const opening = this.escalate(udid, identity);
    this.opening.set(udid, opening);
    try {
      return await opening;
    } finally {
      this.opening.delete(udid);
    }
  }

  /**
   * Runs `work` on the escalated connection. A failure closes it: after an error the device may
   * have dropped the connection (or the escalation), and the next call escalates afresh.
   */
  async use<T>(udid: string, identity: SupervisorIdentity, work: (mc: McInstall) => Promise<T>): Promise<T> {
    const mc = await this.get(udid, identity);
    try {
      return await work(mc);
    } catch (e) {
      await this.release(udid);
      throw e;
    }
  }

  /**
   * Closes the device's escalated connection. `because` is what work still running on it is told:
   * the device detached → DEVICE_GONE, which the runner waits out, rather than a closed-handle bug.
   */
  async release(udid: string, because?: DeviceError): Promise<void> {
    if (this.opening.has(udid)) this.releasedWhileOpening.set(udid, because);
    const s = this.sessions.get(udid);
    if (!s) return;
    this.sessions.delete(udid);
    await s.mc.close(because).catch(() => undefined);
  }

  /** The device left: its escalation is gone with the connection (go-ios escalates per connection). */
  detached(udid: string): Promise<void> {
    return this.release(udid, new DeviceError('DEVICE_GONE', { udid, message: 'The device disconnected while the station was using its supervised connection.' }));
  }

  private async escalate(udid: string, identity: SupervisorIdentity): Promise<McInstall> {
    this.releasedWhileOpening.delete(udid);
    const mc = await this.open(udid);
    try {
      await mc.escalate(identity.certificateDer, (c) => identity.sign(c));
      // The job ended (or the device left) meanwhile: kept, this connection would outlive it.
      if (this.releasedWhileOpening.has(udid)) {
        const because = this.releasedWhileOpening.get(udid);
        this.releasedWhileOpening.delete(udid);
        // Released by the job's end, whose caller has already been answered: only a log reads this.
        throw because ?? new DeviceError('INTERNAL', { udid, message: 'The escalated connection was released while it was being escalated.' });
      }
    } catch (e) {
      await mc.close().catch(() => undefined);
      throw e;
    }
    this.sessions.set(udid, { mc, certificate: identity.certificateDer });
    return mc;
  }
}
