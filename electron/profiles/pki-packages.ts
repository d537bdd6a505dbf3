import type * as Asn1js from 'asn1js';
import type Forge from 'node-forge';
import type * as Pkijs from 'pkijs';
import { lazyPackage } from '../platform/lazy-package.js';

/**
 * The ASN.1, X.509 and PKCS#12 packages, loaded when a profile or identity is first read, built or
 * signed rather than with every start (platform/lazy-package.ts says why). Their types come from
 * `import type` beside each use.
 */
export const asn1js = lazyPackage<typeof Asn1js>('asn1js');
export const pkijs = lazyPackage<typeof Pkijs>('pkijs');
export const forge = lazyPackage<typeof Forge>('node-forge');
