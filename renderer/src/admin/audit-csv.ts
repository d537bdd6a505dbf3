import { csvLines, type AuditEntryView } from '../../../electron/api/index.js';

export function auditCsv(rows: AuditEntryView[]): string {
  const header = ['id', 'at', 'actor', 'source', 'action', 'udid', 'serial', 'details'];
  return csvLines([header, ...rows.map((r) => [r.id, r.at, r.actor, r.source, r.action, r.udid, r.serial, r.details])]);
}
