import { defineConfig } from '@playwright/test';

// The mock API: `pretendo start` on a port of its own, its data in
// memory, so every run starts from api.yml. PRETENDO overrides the
// command (a pretendo binary on PATH, say).
const port = 3123;
const pretendo = process.env.PRETENDO ?? 'go run ../../cmd/pretendo';

export const api = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'tests',
  // The tests share one server and reset it: one at a time.
  workers: 1,
  webServer: {
    command: `${pretendo} start api.yml --host 127.0.0.1 --port ${port} --database.adapter=memory --quiet`,
    url: `${api}/admin/stats`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
  use: {
    headless: true,
    launchOptions: {
      // Browser downloads are not possible everywhere: use the system's
      // Chromium (Debian's chromium package) unless CHROMIUM says where
      // another one is.
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
});
