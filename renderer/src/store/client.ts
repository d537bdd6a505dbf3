import { createContext, useContext } from 'react';
import type { Transport } from '../transport/transport';

/** The one transport of this page, given to the components that call the station. */
export const TransportContext = createContext<Transport | null>(null);

export function useTransport(): Transport {
  const t = useContext(TransportContext);
  if (!t) throw new Error('useTransport outside TransportContext');
  return t;
}
