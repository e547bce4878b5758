import { act, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createClient } from '../../renderer/client';
import { App } from '../../renderer/components/App';
import { connectEvents, createAppStore } from '../../renderer/store';
import { StoreProvider } from '../../renderer/storeContext';
import { createFakeApi, type FakeApi } from './fakeApi';

/**
 * The whole UI over a fake preload API, booted as the app boots: `arrange` fills the fake's
 * accounts, conversations and messages first. The tests then drive it as a user would.
 */
export async function renderApp(arrange: (api: FakeApi) => void = () => {}, api: FakeApi = createFakeApi()) {
  arrange(api);
  const client = createClient(api);
  const store = createAppStore(client);
  connectEvents(store, client);
  const view = render(
    <StoreProvider store={store} client={client}>
      <App />
    </StoreProvider>,
  );
  await act(() => store.getState().boot());
  return { api, store, view, user: userEvent.setup() };
}
