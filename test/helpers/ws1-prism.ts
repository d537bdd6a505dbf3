import { startContractProxy, type ContractProxy } from './contract-proxy.js';
import { prepareSpec, startPrism, tempSpecDir, type PrismInstance } from './prism.js';

/** The WS1 operations the connector calls, per vendor document (docs/mdm-apis.md §0). */
export const WS1_PATHS = {
  'ws1/systemv1.json': ['/users/search', '/users/{id}', '/users/{id}/registerdevice', '/groups/search'],
  'ws1/mdmv1.json': ['/devices', '/devices/{id}', '/devices/{deviceid}/commands', '/devices/{id}/commands/changeorganizationgroup/{organizationgroupid}', '/dep/groups/{groupUuid}/devices', '/devices/{deviceUuid}/lostmode/{enableLostMode}'],
  'ws1/mdmv2.json': ['/devices/{id}/enrollmentuser/{enrollmentuserid}'],
  'ws1/mamv1.json': ['/apps/purchased/search'],
} as const;

export interface Ws1Mock {
  proxy: ContractProxy;
  stop(): Promise<void>;
}

/** One Prism per WS1 document (started in parallel) behind one routing proxy. */
export async function startWs1Mock(): Promise<Ws1Mock> {
  const tmp = tempSpecDir();
  const files = Object.fromEntries(Object.entries(WS1_PATHS).map(([spec, paths]) => [spec, prepareSpec(spec, paths, tmp.dir)]));
  const prisms: PrismInstance[] = [];
  try {
    const [system1, mdm1, mdm2, mam1] = await Promise.all(['ws1/systemv1.json', 'ws1/mdmv1.json', 'ws1/mdmv2.json', 'ws1/mamv1.json'].map(async (spec) => {
      const p = await startPrism(files[spec] as string);
      prisms.push(p);
      return p;
    }));
    const proxy = await startContractProxy([
      { prefix: '/api/system', versions: { 1: (system1 as PrismInstance).url } },
      { prefix: '/api/mdm', versions: { 1: (mdm1 as PrismInstance).url, 2: (mdm2 as PrismInstance).url } },
      { prefix: '/api/mam', versions: { 1: (mam1 as PrismInstance).url } },
    ]);
    return {
      proxy,
      stop: async () => {
        await proxy.close();
        await Promise.all(prisms.map((p) => p.stop()));
        tmp.remove();
      },
    };
  } catch (error) {
    await Promise.all(prisms.map((p) => p.stop()));
    tmp.remove();
    throw error;
  }
}
