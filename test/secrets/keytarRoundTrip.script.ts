/**
 * Run by keytar.test.ts inside a private D-Bus session with gnome-keyring: stores, reads and
 * deletes a key through the real keytar, and prints what it saw as one JSON line.
 */
import { loadKeytarSecretStore } from '../../electron/core/secrets/keytarStore';

const service = `textdesk-test-${process.pid}`;
const store = await loadKeytarSecretStore({ service, probeTimeoutMs: 10_000 });
if (!store) {
  console.log(JSON.stringify({ available: false }));
} else {
  await store.set(7, 'sk-live-round-trip');
  const read = await store.get(7);
  await store.delete(7);
  const afterDelete = await store.get(7);
  console.log(JSON.stringify({ available: true, description: store.description, read, afterDelete }));
}
