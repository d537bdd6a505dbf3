import { downloadBase64 } from '../../common/download.js';

/** The minimum the screens ask of a .p12 password: the file holds the organization's private key. */
export const MIN_P12_PASSWORD = 8;

/** Why a new .p12 password cannot be used yet, or null when it can. */
export function p12PasswordProblem(password: string, confirm: string): string | null {
  if (password.length < MIN_P12_PASSWORD) return `Use at least ${MIN_P12_PASSWORD} characters.`;
  if (confirm && confirm !== password) return 'The two passwords differ.';
  return null;
}

/** `acme-schools-supervision.p12` for "Acme Schools". */
export function p12FileName(organization: string | null): string {
  const slug = (organization ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'organization'}-supervision.p12`;
}

export function downloadP12(organization: string | null, pkcs12: string): void {
  downloadBase64(p12FileName(organization), pkcs12, 'application/x-pkcs12');
}
