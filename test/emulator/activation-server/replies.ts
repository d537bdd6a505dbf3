import { randomBytes } from 'node:crypto';
import type { VirtualDevice } from '../device/device.js';
import { encodeXml, type PlistDict } from '../plist-codec.js';
import type { ActivationAuthority } from './authority.js';
import { encodeAccountToken } from './blobs.js';

/**
 * albert's answers, in the shapes hosts parse them: a text/xml plist with ActivationRecord
 * (session mode), an HTML page wrapping a plist in <script type="text/x-apple-plist"> with an
 * iphone-activation / device-activation node (older clients), application/x-buddyml pages for
 * Activation Lock (an Apple ID form) and for errors (navigationBar directly under xmlui).
 * Sources: libideviceactivation src/activation.c (parse_raw/html/buddyml_response),
 * pymobiledevice3 services/mobile_activation.py (_get_activation_form_from_response), and a real
 * error page quoted in libideviceactivation issue #23.
 */

export interface Reply {
  status: number;
  contentType: string;
  body: Buffer;
}

function record(authority: ActivationAuthority, device: VirtualDevice, randomness: string): PlistDict {
  const token = encodeAccountToken({
    ActivationRandomness: randomness,
    ActivityURL: 'https://albert.apple.com/deviceservices/activity',
    ...(device.identity.imei ? { InternationalMobileEquipmentIdentity: device.identity.imei } : {}),
    ProductType: device.identity.model.productType,
    SerialNumber: device.identity.serial,
    UniqueDeviceID: device.udid,
    ActivationTicket: randomBytes(24).toString('base64'),
  });
  return {
    AccountToken: token,
    AccountTokenCertificate: randomBytes(64),
    AccountTokenSignature: authority.appleSign(token),
    DeviceCertificate: randomBytes(96),
    FairPlayKeyData: randomBytes(64),
    LDActivationVersion: 2,
    UniqueDeviceCertificate: randomBytes(96),
    unbrick: true,
  };
}

export function sessionRecordReply(authority: ActivationAuthority, device: VirtualDevice, randomness: string): Reply {
  return { status: 200, contentType: 'text/xml', body: encodeXml({ ActivationRecord: record(authority, device, randomness) }) };
}

export function legacyRecordReply(authority: ActivationAuthority, device: VirtualDevice, randomness: string): Reply {
  const node = device.identity.model.deviceClass === 'iPhone' ? 'iphone-activation' : 'device-activation';
  const xml = encodeXml({ [node]: { 'activation-record': record(authority, device, randomness), 'ack-received': false, 'show-settings': false } }).toString('utf8');
  const plist = xml.slice(xml.indexOf('<plist'));
  const html = `<!DOCTYPE html>\n<html><head><title>iPhone Activation</title>\n<script id="protocol" type="text/x-apple-plist">${plist}</script>\n</head><body></body></html>\n`;
  return { status: 200, contentType: 'text/html', body: Buffer.from(html, 'utf8') };
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function activationLockReply(device: VirtualDevice): Reply {
  const kind = device.identity.model.deviceClass;
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<xmlui style="setupAssistant">
  <page>
    <navigationBar title="Activation Lock" hidesBackButton="false"/>
    <tableView>
      <section>
        <footer>This ${kind} is linked to an Apple ID. Enter the Apple ID and password that were used to set up this ${kind}.</footer>
      </section>
      <section>
        <editableTextRow id="login" label="Apple ID" placeholder="example@icloud.com" keyboardType="emailAddress"/>
        <editableTextRow id="password" label="Password" placeholder="Required" secure="true"/>
      </section>
    </tableView>
  </page>
  <serverInfo isAuthRequired="true" activation-udid="${escape(device.udid)}"/>
</xmlui>
`;
  return { status: 200, contentType: 'application/x-buddyml', body: Buffer.from(body, 'utf8') };
}

export function errorReply(title: string, footer: string): Reply {
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<xmlui>
<navigationBar title="${escape(title)}" hidesBackButton="true"/>
<tableView><section/></tableView><tableView><section footer="${escape(footer)}"/></tableView>
</xmlui>
`;
  return { status: 200, contentType: 'application/x-buddyml', body: Buffer.from(body, 'utf8') };
}
