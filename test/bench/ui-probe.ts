/**
 * What runs in the page, as source text: tsx compiles the bench with esbuild's keepNames, whose
 * `__name` helper does not exist in the page, so a compiled function cannot be handed to
 * page.evaluate. Frame times come from requestAnimationFrame deltas, long tasks from a
 * PerformanceObserver, and a MutationObserver on the grid shows the updates reach the DOM. Reading
 * a probe disconnects its observers, so the idle window's do not weigh on the measured one.
 */
export interface ProbeReading {
  frames: number[];
  long: number[];
  mutations: number;
  heap: number | null;
}

export const INSTALL_PROBE = `(() => {
  const probe = { frames: [], long: [], mutations: 0, stop: false, longTasks: null, gridMutations: null };
  window.__bench = probe;
  probe.longTasks = new PerformanceObserver((list) => { for (const e of list.getEntries()) probe.long.push(e.duration); });
  probe.longTasks.observe({ type: 'longtask' });
  const grid = document.querySelector('.cw-grid');
  if (grid) {
    probe.gridMutations = new MutationObserver((m) => { probe.mutations += m.length; });
    probe.gridMutations.observe(grid, { subtree: true, childList: true, attributes: true, characterData: true });
  }
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
  // A reading ends its window: observers left running would add their cost to the next one.
  for (const e of probe.longTasks.takeRecords()) probe.long.push(e.duration);
  probe.longTasks.disconnect();
  if (probe.gridMutations) {
    probe.mutations += probe.gridMutations.takeRecords().length;
    probe.gridMutations.disconnect();
  }
  const memory = performance.memory;
  return { frames: probe.frames, long: probe.long, mutations: probe.mutations, heap: memory ? memory.usedJSHeapSize : null };
})()`;
