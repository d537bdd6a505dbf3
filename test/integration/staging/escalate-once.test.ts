import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationHarness, prepareSummary, type PrepareJson } from './harness.js';

// A 1×1 PNG: the cart checks that the wallpaper is an image.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const EXTRA_PROFILE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
  <key>PayloadContent</key><array><dict>
    <key>PayloadType</key><string>com.apple.webClip.managed</string>
    <key>PayloadIdentifier</key><string>com.example.escalate-once.webclip</string>
    <key>PayloadUUID</key><string>0E5B1C7A-1D0F-4C55-9E37-6B7E1E3D2A10</string>
    <key>PayloadVersion</key><integer>1</integer>
    <key>Label</key><string>Library</string>
    <key>URL</key><string>https://library.example.com/</string>
  </dict></array>
  <key>PayloadDisplayName</key><string>Library web clip</string>
  <key>PayloadIdentifier</key><string>com.example.escalate-once</string>
  <key>PayloadUUID</key><string>5D7A9E0C-8E4B-4F1D-A2B1-3C9D4E5F6A70</string>
  <key>PayloadType</key><string>Configuration</string>
  <key>PayloadVersion</key><integer>1</integer>
</dict></plist>
`;

/**
 * Escalation belongs to an MCInstall connection (go-ios ios/mcinstall/mcinstall.go), and its last
 * leg, ProceedWithKeybagMigration, may make the device wait: a job escalates once and does every
 * silent install and setting on that connection. The cart's counters are the judges.
 */
describe('one escalation per device per job (real addon, real CLI, cart counters)', () => {
  const h = new StationHarness({ devices: 4, seed: `escalate-once-${Date.now()}` });
  let result: PrepareJson;
  let code: number;

  beforeAll(async () => {
    await h.start(1, 4);
    const profile = join(h.dir, 'extra.mobileconfig');
    const wallpaper = join(h.dir, 'wallpaper.png');
    writeFileSync(profile, EXTRA_PROFILE);
    writeFileSync(wallpaper, PNG);
    const r = await h.cli(h.prepareArgs(['--profile', profile, '--wallpaper', wallpaper]));
    code = r.code;
    result = prepareSummary(r.stdout);
  }, 240_000);
  afterAll(() => h.dispose());

  it('escalates each device once for the extra profile, the MDM profile and the wallpaper', async () => {
    expect(code, JSON.stringify(result.jobs.map((j) => j.error))).toBe(0);
    const devices = await h.cart.devices();
    expect(devices).toHaveLength(4);
    for (const d of devices) {
      expect(d.profiles).toEqual(expect.arrayContaining(['com.example.escalate-once', 'com.example.mdm.enroll']));
      expect(d.settings).toMatchObject({ Wallpaper: { where: 'both' } });
      expect(d.counters.Escalate, d.udid).toBe(1);
      expect(d.counters.EscalateResponse, d.udid).toBe(1);
      expect(d.counters.ProceedWithKeybagMigration, d.udid).toBe(1);
      expect(d.counters.InstallProfileSilent, d.udid).toBe(2);
    }
  });

  it('a second prepare escalates again only for what it still has to do (nothing here)', async () => {
    const r = await h.cli(h.prepareArgs());
    expect(r.code).toBe(0);
    for (const d of await h.cart.devices()) {
      // The escalate step runs once per job by design; the second job finds the profiles in place.
      expect(d.counters.Escalate, d.udid).toBe(2);
      expect(d.counters.InstallProfileSilent, d.udid).toBe(2);
    }
  });
});
