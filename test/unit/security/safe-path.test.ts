import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertDeviceIdentity, isImei, isSerialNumber, isUdid } from '../../../electron/device/identifiers.js';
import { lockdownValuesSchema } from '../../../electron/device/snapshot.js';
import { pathInside, writeFileInside } from '../../../electron/staging/safe-path.js';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cw-safe-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the output path guard', () => {
  it('refuses every name that is not one plain file name inside the folder', () => {
    const dir = tmp();
    for (const name of ['handoff-/../../../X.pdf', '../x.pdf', '/etc/passwd', 'a/b.pdf', '..', '.', '', 'x\0.pdf', 'C:\\x\\..\\..\\y']) {
      if (name === 'C:\\x\\..\\..\\y' && process.platform !== 'win32') continue;
      expect(() => pathInside(dir, name), name).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
    expect(pathInside(dir, 'handoff-F2LXK0ABCDE.pdf')).toBe(join(dir, 'handoff-F2LXK0ABCDE.pdf'));
  });

  it('writes inside the folder (creating it), and not through a planted symbolic link', () => {
    const dir = join(tmp(), 'sheets');
    expect(readFileSync(writeFileInside(dir, 'a.pdf', 'pdf'), 'utf8')).toBe('pdf');
    const outside = tmp();
    writeFileSync(join(outside, 'target'), 'keep');
    symlinkSync(join(outside, 'target'), join(dir, 'b.pdf'));
    expect(() => writeFileInside(dir, 'b.pdf', 'overwritten')).toThrow(/ELOOP|symbolic/);
    expect(readFileSync(join(outside, 'target'), 'utf8')).toBe('keep');
    mkdirSync(join(dir, 'sub'));
    expect(readdirSync(dir).sort()).toEqual(['a.pdf', 'b.pdf', 'sub']);
  });
});

describe('identity values from devices', () => {
  it('accepts the formats devices report and nothing else', () => {
    expect(isSerialNumber('F2LXK0ABCDE')).toBe(true);
    expect(isSerialNumber('QX7W2K9PLM')).toBe(true);
    for (const bad of ['/../../../X', 'f2lxk0abcde', 'SHORT', 'A'.repeat(21), 'F2LX K0ABCDE', 'F2LXK0ABCDE\n']) expect(isSerialNumber(bad), bad).toBe(false);
    expect(isUdid('00008030-001A2C3E0E38802E')).toBe(true);
    expect(isUdid('d341689fc9567d24f7fff0c29b1d3104f131cf39')).toBe(true);
    for (const bad of ['../x', '00008030001A2C3E0E38802E', 'd341689fc9567d24f7fff0c29b1d3104f131cf3', 'g341689fc9567d24f7fff0c29b1d3104f131cf39']) expect(isUdid(bad), bad).toBe(false);
    expect(isImei('356938035643809')).toBe(true);
    expect(isImei('35693803564380')).toBe(false);
  });

  it('a bad serial or UDID is a PROTOCOL error naming the value; a bad IMEI reads as none; names are escaped', () => {
    expect(() => assertDeviceIdentity({ SerialNumber: '/../../../X' }, 'u')).toThrow(expect.objectContaining({ code: 'PROTOCOL', message: expect.stringContaining('"/../../../X" as its serial number') }));
    expect(() => assertDeviceIdentity({ UniqueDeviceID: '../../etc' }, 'u')).toThrow(expect.objectContaining({ code: 'PROTOCOL' }));
    expect(() => assertDeviceIdentity({ SerialNumber: 'F2LX\u001b[2J' }, 'u')).toThrow(expect.objectContaining({ message: expect.stringContaining('F2LX\\x1b[2J') }));
    const values = {
      UniqueDeviceID: '00008030-001A2C3E0E38802E',
      ProductType: 'iPhone12,1',
      ProductVersion: '17.5',
      BuildVersion: '21F79',
      DeviceName: 'Evil\u001b[2J\u0007',
      DeviceClass: 'iPhone',
      ActivationState: 'Activated',
      SerialNumber: 'F2LXK0ABCDE',
      InternationalMobileEquipmentIdentity: '35/../../x',
    };
    const parsed = lockdownValuesSchema.parse(values);
    expect(parsed.InternationalMobileEquipmentIdentity).toBeUndefined();
    expect(parsed.DeviceName).toBe('Evil\\x1b[2J\\x07');
    expect(lockdownValuesSchema.safeParse({ ...values, SerialNumber: '../x' }).success).toBe(false);
  });
});
