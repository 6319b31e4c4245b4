// Shared by the browser benchmarks: where the app is served, which Chromium to
// drive (Debian's, never a downloaded one) and the flags it needs as root on a
// machine without network, plus the contract-based element finder.
export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The element with a `data-testid` from shared/ui-contract.md. */
export const t = (page, id) => page.locator(`[data-testid="${id}"]`);
