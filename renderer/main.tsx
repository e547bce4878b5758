import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient, hostApi } from './client';
import { App } from './components/App';
import { connectEvents, createAppStore } from './store';
import { StoreProvider } from './storeContext';
// The stylesheets, in cascade order (later ones override earlier ones).
import './styles/base.css';
import './styles/sidebar.css';
import './styles/list.css';
import './styles/thread.css';
import './styles/overlays.css';
import './styles/onboarding.css';
import './styles/narrow.css';
import './styles/later.css';

const root = createRoot(document.getElementById('root')!);
const api = hostApi();
if (!api) {
  // Opened outside Electron and outside the web host: nothing to talk to.
  root.render(
    <main className="splash">
      <h1>Textdesk</h1>
      <p>Open Textdesk from the desktop app, or run <code>npm run web</code> and open the URL it prints.</p>
    </main>,
  );
} else {
  const client = createClient(api);
  const store = createAppStore(client);
  connectEvents(store, client);
  root.render(
    <StrictMode>
      <StoreProvider store={store} client={client}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
  void store.getState().boot();
}
