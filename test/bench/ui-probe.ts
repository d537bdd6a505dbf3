/**
 * What runs in the page, as source text: tsx compiles the bench with esbuild's keepNames, whose
 * `__name` helper does not exist in the page, so a compiled function cannot be handed to
 * page.evaluate. Frame times come from requestAnimationFrame deltas, long tasks from a
 * PerformanceObserver, and a MutationObserver on the grid shows the updates reach the DOM.
 */
export interface ProbeReading {
  frames: number[];
  long: number[];
  mutations: number;
  heap: number | null;
}

export const INSTALL_PROBE = `(() => {
  const probe = { frames: [], long: [], mutations: 0, stop: false };
  window.__bench = probe;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) probe.long.push(e.duration); }).observe({ type: 'longtask' });
  const grid = document.querySelector('.cw-grid');
  if (grid) new MutationObserver((m) => { probe.mutations += m.length; }).observe(grid, { subtree: true, childList: true, attributes: true, characterData: true });
  let last = -1;
  function frame(t) {
    if (last >= 0) probe.frames.push(t - last);
    last = t;
    if (!probe.stop) requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})()`;

export const READ_PROBE = `(() => {
  const probe = window.__bench;
  probe.stop = true;
  const memory = performance.memory;
  return { frames: probe.frames, long: probe.long, mutations: probe.mutations, heap: memory ? memory.usedJSHeapSize : null };
})()`;
