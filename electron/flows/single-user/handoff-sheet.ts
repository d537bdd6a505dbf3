export interface HandoffSheetData {
  userName: string;
  username: string;
  deviceName: string | null;
  model: string | null;
  serial: string;
  imei: string | null;
  slot: number | null;
  date: Date;
  organization: string | null;
}

/** What the sheet's code carries: enough for a scanner at the desk to find the device and its user. */
export function handoffCode(data: Pick<HandoffSheetData, 'serial' | 'username'>): string {
  return `cartwright:handoff?serial=${encodeURIComponent(data.serial)}&user=${encodeURIComponent(data.username)}`;
}

/**
 * The Single User Advanced hand-off sheet: who the device is for, which device it is (name, model,
 * serial, slot), the date, and a QR code. One A4 page, printed and put in the box with the device.
 */
export async function renderHandoffSheet(data: HandoffSheetData): Promise<Buffer> {
  // Loaded here, not at the top: pdfkit and its fonts are a large share of a cold start, and every
  // host that opens a station, `cartwright devices` included, would pay for them otherwise.
  const [{ default: PDFDocument }, { default: QRCode }] = await Promise.all([import('pdfkit'), import('qrcode')]);
  const qr = await QRCode.toBuffer(handoffCode(data), { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 360 });
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Hand-off ${data.serial}`, Author: 'Cartwright' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(24).text('Device hand-off', { align: 'left' });
  if (data.organization) doc.font('Helvetica').fontSize(12).fillColor('#555555').text(data.organization);
  doc.moveDown(1).fillColor('#000000');
  doc.font('Helvetica').fontSize(12).text('This device is registered to');
  doc.font('Helvetica-Bold').fontSize(20).text(data.userName);
  doc.font('Helvetica').fontSize(12).text(`(${data.username})`);
  doc.moveDown(1);

  const rows: [string, string][] = [
    ['Device name', data.deviceName ?? '-'],
    ['Model', data.model ?? '-'],
    ['Serial number', data.serial],
    ...(data.imei ? ([['IMEI', data.imei]] as [string, string][]) : []),
    ['Cart slot', data.slot === null ? '-' : String(data.slot)],
    ['Date', data.date.toISOString().slice(0, 10)],
  ];
  for (const [label, value] of rows) {
    doc.font('Helvetica').fontSize(12).fillColor('#555555').text(label, { continued: true }).fillColor('#000000').font('Helvetica-Bold').text(`   ${value}`);
  }
  doc.moveDown(1);
  doc.image(qr, { fit: [180, 180] });
  doc.moveDown(1).font('Helvetica').fontSize(10).fillColor('#555555');
  doc.text('Hand this device only to the person named above: it is registered to them and expects them at first sign-in. They confirm with their badge or username and PIN at the station.', { width: 440 });
  doc.end();
  return done;
}
