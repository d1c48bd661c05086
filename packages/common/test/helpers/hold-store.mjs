// Child process for the lock test: opens an embedded store, says "ready", holds it until killed.
import { openStore } from '../../dist/index.js';

const store = await openStore({ dataDir: process.argv[2] });
await store.migrate();
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await store.close();
  process.exit(0);
});
setInterval(() => {}, 1000);
