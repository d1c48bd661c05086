// Child process: tries to open an embedded store and prints the error's code and message as JSON.
import { openStore } from '../../dist/index.js';

try {
  const store = await openStore({ dataDir: process.argv[2] });
  await store.close();
  process.stdout.write(JSON.stringify({ ok: true }));
} catch (err) {
  process.stdout.write(JSON.stringify({ ok: false, code: err.code, message: err.message }));
}
