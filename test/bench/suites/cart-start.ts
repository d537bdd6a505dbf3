/**
 * Virtual-cart start-up at 100 devices: spawn → ready line (Node + tsx start-up included, as
 * `npm run virtual-cart` does it) and the daemon's resident memory once ready. Device keys come
 * from the cart's key cache after the first run on a machine, so these are warm starts.
 */
import { CartProcess } from '../cart-process.js';
import type { BenchContext } from '../context.js';
import { median, round } from '../stats.js';

export interface CartStartReport {
  devices: number;
  startsMs: number[];
  startMs: number | null;
  rssMb: number | null;
}

export async function benchCartStart(ctx: BenchContext, devices = 100): Promise<CartStartReport> {
  const startsMs: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < ctx.opts.cartStarts; i++) {
    ctx.log(`cart start: ${devices} devices, ${i + 1}/${ctx.opts.cartStarts}`);
    const cart = await CartProcess.start({ devices, seed: `bench-cart-${i}`, latency: 'none' });
    try {
      startsMs.push(cart.startMs);
      const mem = cart.memory();
      if (mem) rss.push(mem.rssMb);
    } finally {
      await cart.stop();
    }
  }
  return { devices, startsMs: startsMs.map((v) => round(v, 0) ?? 0), startMs: median(startsMs), rssMb: median(rss) };
}
