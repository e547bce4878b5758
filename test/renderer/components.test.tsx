// @vitest-environment jsdom
import { act, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Highlighted } from '../../renderer/components/Highlighted';
import { hit } from './fakeApi';
import { renderApp } from './renderApp';
import { installLayout } from './setup';

installLayout();


describe('Highlighted', () => {
  it('wraps match ranges in <mark> and renders markup in the data as text', () => {
    const { container } = render(<Highlighted text={'<b>bold</b> and bold'} ranges={[[3, 7], [16, 20]]} />);
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['bold', 'bold']);
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toBe('<b>bold</b> and bold');
  });
});

describe('the inbox', () => {
  it('lists conversations as options of the Conversations listbox, with formatted parties and short codes as they are', async () => {
    await renderApp();
    const list = screen.getByRole('listbox', { name: 'Conversations' });
    const options = await within(list).findAllByRole('option');
    expect(options).toHaveLength(3);
    // Issue 14, item 15: the label also says the time and preview, in the order the row shows them.
    expect(options[0]!.getAttribute('aria-label')).toMatch(/^\(415\) 555-0100, .*, 3 unread/);
    expect(options[1]!.textContent).toContain('+44 20 7183 8750');
    expect(options[2]!.textContent).toContain('76934');
  });

  it('moves between conversations with j and k and opens one with Enter', async () => {
    const { user } = await renderApp();
    const list = screen.getByRole('listbox', { name: 'Conversations' });
    list.focus();
    await user.keyboard('j');
    expect(list.getAttribute('aria-activedescendant')).toBe('conversation-2');
    await user.keyboard('{ArrowDown}k');
    expect(list.getAttribute('aria-activedescendant')).toBe('conversation-2');
    await user.keyboard('{Enter}');
    const log = await screen.findByRole('log', { name: 'Messages' });
    expect(log).toBeTruthy();
  });

  it('opens a thread that shows its texts and clears the unread badge', async () => {
    const { user } = await renderApp();
    await user.click((await screen.findAllByRole('option'))[0]!);
    const log = await screen.findByRole('log', { name: 'Messages' });
    expect(await within(log).findByText('Can I book a table?')).toBeTruthy();
    expect(screen.getAllByRole('option')[0]!.getAttribute('aria-label')).not.toMatch(/unread/);
    expect(screen.getByRole('button', { name: /^All numbers/ }).textContent).not.toMatch(/\d/);
  });

  it('shows search results grouped by conversation with highlighted matches, and Ctrl+K focuses the box', async () => {
    const { api, user } = await renderApp();
    api.searchAnswers.set('table', [hit(api.messages[1]!, api.conversations[0]!, [[13, 18]])]);
    await user.keyboard('{Control>}k{/Control}');
    const box = screen.getByRole('searchbox', { name: 'Search messages' });
    expect(document.activeElement).toBe(box);
    await user.type(box, 'table');
    const results = await screen.findByRole('list', { name: 'Search results' });
    const mark = await within(results).findByText('table', { selector: 'mark' });
    expect(mark).toBeTruthy();
    await user.click(within(results).getByRole('button'));
    const log = await screen.findByRole('log', { name: 'Messages' });
    expect(await within(log).findByText('table', { selector: 'mark' })).toBeTruthy();
  });

  it('shows a filter chip as pressed when its operator is in the query', async () => {
    const { user } = await renderApp();
    const box = screen.getByRole('searchbox', { name: 'Search messages' });
    await user.type(box, 'pizza');
    await user.click(screen.getByRole('button', { name: 'Unread' }));
    expect((box as HTMLInputElement).value).toBe('pizza is:unread ');
    expect(screen.getByRole('button', { name: 'Unread' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('sets the largest attachment to download in Settings', async () => {
    const { api, user } = await renderApp();
    await user.click(screen.getByRole('button', { name: /Settings/ }));
    const select = screen.getByLabelText('Largest attachment to download') as HTMLSelectElement;
    expect(select.value).toBe('100');
    await user.selectOptions(select, '25');
    expect(api.calls.filter((c) => c.channel === 'settings:set').map((c) => c.input)).toContainEqual({ mediaMaxFileMb: 25 });
  });

  it('says in the status region that a damaged cache was moved aside and is being rebuilt', async () => {
    const { api } = await renderApp();
    const message = 'The cache was damaged, so it was moved aside to /data/cache.db.damaged-x (kept, not deleted) and is being rebuilt from the servers; kept: 1 account.';
    act(() => api.emit('sync:status', { ...api.status, state: 'syncing', recovery: { message, movedTo: '/data/cache.db.damaged-x' } }));
    expect(screen.getByRole('status').textContent).toContain(message);
  });

  it('reports sync progress with counts in the status region and an offline banner', async () => {
    const { api } = await renderApp();
    act(() => api.emit('sync:status', { ...api.status, state: 'syncing', progress: { numberId: 1, phase: 'history', fetched: 120, total: 480 } }));
    const status = screen.getByRole('status');
    expect(status.textContent).toMatch(/120 of 480 texts/);
    expect(within(status).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
    act(() => api.emit('sync:status', { ...api.status, state: 'offline', pendingActions: 2 }));
    expect(screen.getByText(/2 changes are queued/)).toBeTruthy();
  });

  it('deletes a text at once and offers undo, without a confirmation (issue 14, item 17)', async () => {
    const { user } = await renderApp();
    await user.click((await screen.findAllByRole('option'))[0]!);
    const log = await screen.findByRole('log', { name: 'Messages' });
    await within(log).findByText('For four people');
    const buttons = within(log).getAllByRole('button', { name: 'Text actions' });
    await user.click(buttons[2]!);
    await user.click(screen.getByRole('menuitem', { name: 'Delete' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(within(log).queryByText('For four people')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await within(log).findByText('For four people')).toBeTruthy();
  });
});
