/** Field names and values the station's command schemas use: random inputs built from them get past validation often enough to reach handlers. */
export const INPUT_KEYS = [
  'udid', 'udids', 'name', 'jobId', 'batchId', 'blueprint', 'body', 'version', 'enabled', 'credential', 'kind', 'value', 'pin', 'badge', 'username', 'since', 'until',
  'limit', 'order', 'action', 'actor', 'source', 'rows', 'columns', 'auto', 'slots', 'slot', 'locationId', 'steps', 'type', 'template', 'user', 'serial', 'preserveDataPlan',
  'layout', 'label', 'flow', 'params', 'profiles', 'mode', 'identity', 'password', 'organization', 'skipSetup', 'allowPairing', 'description', 'data', 'id', 'query',
];

export const INPUT_STRINGS = [
  '00008101-000A1B2C3D4E5F60', '0123456789abcdef0123456789abcdef01234567', 'Prepare', 'Cart A', 'Cart A-{slot:2}', 'supervise', 'rename', 'pair', 'install-profiles',
  'badge', 'pin', 'username', '1234', 'asc', 'desc', 'cli', 'screen', 'kiosk', 'api', 'system', '2024-01-01T00:00:00Z', 'not-a-date', 'F2LX1234ABCD', 'all', 'store', 'install',
];
