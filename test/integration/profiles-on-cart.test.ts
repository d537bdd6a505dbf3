import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProfileBytes, createSupervisionIdentity, inspectProfile, signChallenge, signProfile, type SupervisionIdentity } from '../../electron/profiles/index.js';
import { startHarness, type Harness } from './device/setup.js';

// Issue 5's round trip: what electron/profiles builds and signs is what the device installs, and
// the supervision identity it creates is the one the device's escalation accepts.
describe('profiles and the supervision identity on the virtual cart (real addon)', () => {
  let h: Harness;
  let udid: string;
  let acme: SupervisionIdentity;
  let stranger: SupervisionIdentity;

  beforeAll(async () => {
    [acme, stranger] = await Promise.all([
      createSupervisionIdentity({ organization: 'Acme Schools' }),
      createSupervisionIdentity({ organization: 'Someone Else', keyType: 'p256' }),
    ]);
    h = await startHarness({ transport: 'tcp', devices: 1 });
    udid = h.udids[0]!;
    await h.layer.ensurePaired(udid);
    // Devices start unactivated at Hello; activate through the cart's stand-in activation server.
    await h.layer.activate(udid, { serverUrl: h.cart.activation });
    await h.layer.withMcInstall(udid, (mc) => mc.supervise({ organization: { name: 'Acme Schools' }, supervisorCertificate: acme.certificate }));
  }, 120_000);
  afterAll(async () => h?.close());

  it('a built, signed profile installs exactly as built', async () => {
    const built = buildProfileBytes({
      identifier: 'org.acme.cart.wifi',
      displayName: 'Acme cart Wi-Fi',
      organization: 'Acme Schools',
      removalDisallowed: true,
      payloads: [
        { kind: 'wifi', ssid: 'Acme-Staff', security: 'WPA2', password: 'correct horse battery' },
        { kind: 'restrictions', settings: { allowCamera: false } },
      ],
    });
    const expected = inspectProfile(built);
    const signed = signProfile(built, acme);
    expect(inspectProfile(signed).signed).toBe(true);
    await h.layer.withMcInstall(udid, async (mc) => {
      await mc.escalate(acme.certificate, async (c) => signChallenge(c, acme));
      await mc.installProfileSilent(signed);
    });
    const cart = await h.cart.device(udid);
    const installed = cart.profileDetails.find((p) => p.identifier === 'org.acme.cart.wifi');
    expect(installed).toMatchObject({
      uuid: expected.uuid,
      displayName: 'Acme cart Wi-Fi',
      organization: 'Acme Schools',
      removalDisallowed: true,
      installedSilently: true,
    });
  });

  it('escalation accepts the station identity\'s signed challenge and refuses another identity\'s', async () => {
    await expect(h.layer.withMcInstall(udid, (mc) => mc.escalate(acme.certificate, async (c) => signChallenge(c, acme)))).resolves.toBeUndefined();
    await expect(h.layer.withMcInstall(udid, (mc) => mc.escalate(acme.certificate, async (c) => signChallenge(c, stranger)))).rejects.toMatchObject({
      code: 'ESCALATION_REJECTED',
    });
    await expect(h.layer.withMcInstall(udid, (mc) => mc.escalate(stranger.certificate, async (c) => signChallenge(c, stranger)))).rejects.toMatchObject({
      code: 'NOT_SUPERVISED',
    });
  });
});
