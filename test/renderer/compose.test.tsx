// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { checkRecipient } from '../../renderer/components/NewConversationDialog';
import { message, type FakeApi } from './fakeApi';
import { renderApp } from './renderApp';
import { installLayout } from './setup';

installLayout();


type User = ReturnType<typeof userEvent.setup>;

async function openConversation(user: User, id: number) {
  const list = screen.getByRole('listbox', { name: 'Conversations' });
  await user.click(within(list).getAllByRole('option').find((o) => o.dataset.conversationId === String(id))!);
  await screen.findByRole('log', { name: 'Messages' });
  return screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
}

const sends = (api: FakeApi) => api.calls.filter((c) => c.channel === 'message:send').map((c) => c.input);
const draftsWritten = (api: FakeApi) => api.calls.filter((c) => c.channel === 'conversations:setDraft').map((c) => c.input);

describe('the composer', () => {
  it('sends with Enter, starts a new line with Shift+Enter, and empties the box', async () => {
    const { api, user } = await renderApp();
    const box = await openConversation(user, 2);
    await user.type(box, 'Table for two{Shift>}{Enter}{/Shift}at eight?');
    expect(box.value).toBe('Table for two\nat eight?');
    expect(sends(api)).toEqual([]);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(sends(api)).toEqual([{ conversationId: 2, text: 'Table for two\nat eight?' }]));
    await waitFor(() => expect(box.value).toBe(''));
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(await within(log).findByText(/Table for two/)).toBeTruthy();
    expect(document.activeElement).toBe(box);
  });

  it('takes focus with r from the list, so a reply needs no mouse', async () => {
    const { user } = await renderApp();
    const list = screen.getByRole('listbox', { name: 'Conversations' });
    list.focus();
    await user.keyboard('j{Enter}');
    await screen.findByRole('log', { name: 'Messages' });
    expect(document.activeElement).toBe(list);
    await user.keyboard('r');
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    expect(document.activeElement).toBe(box);
    expect(box.value).toBe('');
  });

  it('does not send on the Enter that confirms an input method candidate', async () => {
    const { api, user } = await renderApp();
    const box = await openConversation(user, 2);
    await user.type(box, 'にほん');
    fireEvent.compositionStart(box);
    fireEvent.keyDown(box, { key: 'Enter', isComposing: true });
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 229 });
    fireEvent.compositionEnd(box);
    // Safari sends the confirming Enter after compositionend, still with keyCode 229.
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 229 });
    expect(sends(api)).toEqual([]);
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 13 });
    await waitFor(() => expect(sends(api)).toEqual([{ conversationId: 2, text: 'にほん' }]));
  });

  it('sends with the Send button, which is off while the box is empty or blank', async () => {
    const { api, user } = await renderApp();
    const box = await openConversation(user, 2);
    const button = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    await user.type(box, '   ');
    expect(button.disabled).toBe(true);
    await user.keyboard('{Enter}');
    expect(sends(api)).toEqual([]);
    await user.type(box, 'On my way ');
    expect(button.disabled).toBe(false);
    await user.click(button);
    await waitFor(() => expect(sends(api)).toEqual([{ conversationId: 2, text: 'On my way' }]));
  });

  it('takes the next text while the last send has not answered yet', async () => {
    const { api, user } = await renderApp();
    const box = await openConversation(user, 2);
    const release = api.holdSends();
    await user.type(box, 'First{Enter}');
    expect(box.value).toBe('');
    await user.type(box, 'Second{Enter}');
    expect(sends(api)).toEqual([
      { conversationId: 2, text: 'First' },
      { conversationId: 2, text: 'Second' },
    ]);
    act(() => release());
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(await within(log).findByText('First')).toBeTruthy();
    expect(await within(log).findByText('Second')).toBeTruthy();
  });

  it('moves the conversation to the top of the list as soon as the text is sent', async () => {
    const { user } = await renderApp();
    const box = await openConversation(user, 3);
    expect(screen.getAllByRole('option')[0]!.dataset.conversationId).toBe('1');
    await user.type(box, 'STOP{Enter}');
    await waitFor(() => expect(screen.getAllByRole('option')[0]!.dataset.conversationId).toBe('3'));
    expect(screen.getAllByRole('option')[0]!.textContent).toMatch(/You: STOP/);
  });

  it('keeps the typed text and says why when the send is refused', async () => {
    const { api, user } = await renderApp();
    api.refuse('message:send', { code: 'VALIDATION', message: 'The recipient opted out of texts from this number.' });
    const box = await openConversation(user, 2);
    await user.type(box, 'Are you still coming?{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Not sent: The recipient opted out of texts from this number\..*back in the box/);
    expect(box.value).toBe('Are you still coming?');
    // The next try clears the message once it goes.
    api.allow('message:send');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(box.value).toBe(''));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('keeps a draft per conversation across switching, written to the cache when the user leaves', async () => {
    const { api, user } = await renderApp();
    let box = await openConversation(user, 1);
    await user.type(box, 'Half-written reply');
    box = await openConversation(user, 2);
    expect(box.value).toBe('');
    // Written at once on leaving, without waiting for the debounce.
    expect(draftsWritten(api)).toContainEqual({ conversationId: 1, text: 'Half-written reply' });
    // The list shows it as a draft, as messengers do.
    const row = screen.getAllByRole('option').find((o) => o.dataset.conversationId === '1')!;
    expect(row.textContent).toMatch(/Draft: Half-written reply/);
    // The row reads in the order it shows (issue 14): the draft stands where the preview would.
    expect(row.getAttribute('aria-label')).toMatch(/, Draft: /);
    await user.type(box, 'Other');
    box = await openConversation(user, 1);
    expect(box.value).toBe('Half-written reply');
    box = await openConversation(user, 2);
    expect(box.value).toBe('Other');
  });

  it('writes a draft after a pause in typing, and shows it again after a restart', async () => {
    const { api, user, view } = await renderApp();
    const box = await openConversation(user, 2);
    await user.type(box, 'See you at');
    await waitFor(() => expect(draftsWritten(api).at(-1)).toEqual({ conversationId: 2, text: 'See you at' }), { timeout: 2000 });
    view.unmount();
    // A new window over the same cache.
    await renderApp(() => {}, api);
    const again = await openConversation(userEvent.setup(), 2);
    expect(again.value).toBe('See you at');
  });

  it('shows a draft kept in the cache in the list, but not in the row being typed in', async () => {
    const { user } = await renderApp((a) => (a.conversations[1]!.draft = 'Kept from yesterday'));
    const row = () => screen.getAllByRole('option').find((o) => o.dataset.conversationId === '2')!;
    expect(row().textContent).toMatch(/Draft: Kept from yesterday/);
    await openConversation(user, 2);
    expect(row().textContent).not.toMatch(/Draft:/);
  });

  it('clears the cached draft once the text is sent', async () => {
    const { api, user } = await renderApp((a) => (a.conversations[1]!.draft = 'Kept from yesterday'));
    const box = await openConversation(user, 2);
    expect(box.value).toBe('Kept from yesterday');
    await user.click(box);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(draftsWritten(api).at(-1)).toEqual({ conversationId: 2, text: '' }));
    expect(api.conversations.find((c) => c.id === 2)!.draft).toBeNull();
  });

  it('counts SMS segments on a provider that sends SMS', async () => {
    const { user } = await renderApp();
    const box = await openConversation(user, 2);
    await user.type(box, 'Hello');
    expect(screen.getByText(/1 segment · 155 left/)).toBeTruthy();
    await user.clear(box);
    await user.type(box, 'Café 😀');
    expect(screen.getByText(/1 segment · 63 left/).textContent).toMatch(/Unicode/);
    fireEvent.change(box, { target: { value: 'a'.repeat(161) } });
    expect(screen.getByText(/2 segments · 145 left/)).toBeTruthy();
    expect(box.getAttribute('aria-describedby')).toBe(screen.getByText(/2 segments/).id);
  });

  it('shows no segment counter for a provider whose texts are not SMS', async () => {
    const { user } = await renderApp((api) => {
      api.accounts[0]!.provider = 'linq';
      api.numbers[0]!.provider = 'linq';
    });
    const box = await openConversation(user, 2);
    await user.type(box, 'Hello');
    expect(screen.queryByText(/segment/)).toBeNull();
  });

  it('says why a number cannot send instead of offering the box', async () => {
    const { user } = await renderApp((api) => (api.numbers[0]!.sendBlockedReason = 'Toll-free numbers on Inkbox can only receive texts.'));
    await user.click(screen.getAllByRole('option').find((o) => o.dataset.conversationId === '2')!);
    await screen.findByRole('log', { name: 'Messages' });
    expect(screen.queryByRole('textbox', { name: 'Message' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
    expect(screen.getByRole('note', { name: 'Cannot send' }).textContent).toBe('Toll-free numbers on Inkbox can only receive texts.');
  });

  it('warns before a text to a party the address book says opted out, and still lets the user write', async () => {
    const { user } = await renderApp((api) => (api.conversations.find((c) => c.id === 2)!.optedOut = true));
    const box = await openConversation(user, 2);
    const warning = screen.getByRole('note', { name: 'Opted out' });
    expect(warning.textContent).toMatch(/^Opted out of texts: .+ will refuse a text to them\.$/);
    expect(box.getAttribute('aria-describedby')!.split(' ')).toContain(warning.id);
    await user.click(screen.getAllByRole('option').find((o) => o.dataset.conversationId !== '2')!);
    await screen.findByRole('log', { name: 'Messages' });
    expect(screen.queryByRole('note', { name: 'Opted out' })).toBeNull();
  });

  it('offers the box in a conversation opened from a notification that the list filter hides', async () => {
    const { api, user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Unread only' }));
    await waitFor(() => expect(screen.getAllByRole('option').map((o) => o.dataset.conversationId)).toEqual(['1']));
    act(() => api.emit('notify:open', { conversationId: 2, messageId: null }));
    const box = (await screen.findByRole('textbox', { name: 'Message' })) as HTMLTextAreaElement;
    await user.type(box, 'Seen your message{Enter}');
    await waitFor(() => expect(sends(api)).toEqual([{ conversationId: 2, text: 'Seen your message' }]));
  });

  it('refuses a text longer than the limit before sending it', async () => {
    const { api, user } = await renderApp();
    const box = await openConversation(user, 2);
    fireEvent.change(box, { target: { value: 'x'.repeat(5001) } });
    expect(screen.getByText(/Too long: 5,001 of 5,000 characters/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
    await user.type(box, '{Enter}');
    expect(sends(api)).toEqual([]);
  });
});

describe('outgoing bubbles', () => {
  const soon = () => new Date(Date.now() + 5 * 60_000).toISOString();

  function withStates(api: FakeApi) {
    api.messages.push(
      message(10, 2, 'Waiting one', { direction: 'outbound', send: { state: 'queued', reason: 'Textdesk is offline', nextAttemptAt: soon(), attempts: 1 } }),
      message(11, 2, 'In flight', { direction: 'outbound', send: { state: 'sending', reason: null, nextAttemptAt: null, attempts: 1 } }),
      message(12, 2, 'Answer lost', { direction: 'outbound', send: { state: 'unknown', reason: null, nextAttemptAt: null, attempts: 1 } }),
      message(13, 2, 'Refused one', { direction: 'outbound', send: { state: 'refused', reason: 'The recipient has opted out.', nextAttemptAt: null, attempts: 1 } }),
      message(14, 2, 'Failed one', { direction: 'outbound', send: { state: 'failed', reason: 'The server kept answering 503.', nextAttemptAt: null, attempts: 6 } }),
      // The server has these two: the provider's delivery status speaks (in another conversation, so
      // jsdom's tall rows leave every bubble rendered).
      message(15, 3, 'Delivered one', { direction: 'outbound', deliveryStatus: 'delivered' }),
      message(16, 3, 'Carrier failed', { direction: 'outbound', deliveryStatus: 'failed' }),
    );
  }

  const bubble = (text: string) => screen.getByText(text, { selector: '.bubble-text' }).closest('.message') as HTMLElement;

  it('shows each state in words, with Try again and Delete only where the user can act', async () => {
    const { user } = await renderApp(withStates);
    await openConversation(user, 2);
    await screen.findByText('Waiting one');
    expect(bubble('Waiting one').textContent).toMatch(/Waiting to send · next try at .*Textdesk is offline/);
    expect(within(bubble('Waiting one')).getByRole('button', { name: 'Send now' })).toBeTruthy();
    expect(bubble('In flight').textContent).toMatch(/Sending…/);
    expect(within(bubble('In flight')).queryByRole('button', { name: /Try again|Send now|^Delete$/ })).toBeNull();
    expect(bubble('Answer lost').textContent).toMatch(/Checking with the server/);
    expect(within(bubble('Answer lost')).queryByRole('button', { name: /Delete/ })).toBeNull();
    expect(bubble('Refused one').textContent).toMatch(/Refused.*The recipient has opted out\./);
    expect(bubble('Failed one').textContent).toMatch(/Not sent.*The server kept answering 503\./);
    for (const text of ['Refused one', 'Failed one']) {
      expect(within(bubble(text)).getByRole('button', { name: 'Try again' })).toBeTruthy();
      expect(within(bubble(text)).getByRole('button', { name: 'Delete' })).toBeTruthy();
    }
    await openConversation(user, 3);
    await screen.findByText('Delivered one');
    expect(bubble('Delivered one').textContent).toMatch(/Delivered/);
    expect(bubble('Carrier failed').textContent).toMatch(/Not delivered/);
  });

  it('tries a failed text again through the outbox', async () => {
    const { api, user } = await renderApp(withStates);
    await openConversation(user, 2);
    await user.click(within(bubble('Failed one')).getByRole('button', { name: 'Try again' }));
    expect(api.calls.filter((c) => c.channel === 'message:retrySend').map((c) => c.input)).toEqual([{ messageId: 14 }]);
    await waitFor(() => expect(bubble('Failed one').textContent).toMatch(/Sending…/));
  });

  it('deletes an unsent text at once, so the outbox cannot send it during an undo window', async () => {
    const { api, user } = await renderApp(withStates);
    await openConversation(user, 2);
    await user.click(within(bubble('Waiting one')).getByRole('button', { name: 'Delete' }));
    expect(api.calls.filter((c) => c.channel === 'message:delete').map((c) => c.input)).toEqual([{ messageId: 10 }]);
    await waitFor(() => expect(screen.queryByText('Waiting one', { selector: '.bubble-text' })).toBeNull());
    expect(screen.getByText('Deleted; it was not sent.')).toBeTruthy();
  });

  it('says so when an unsent text could not be deleted because it is going out', async () => {
    const { api, user } = await renderApp(withStates);
    api.refuse('message:delete', { code: 'VALIDATION', message: 'This text is being sent; it cannot be deleted now.' });
    await openConversation(user, 2);
    await user.click(within(bubble('Failed one')).getByRole('button', { name: 'Delete' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/The text was not deleted: This text is being sent/);
    expect(screen.getByText('Failed one', { selector: '.bubble-text' })).toBeTruthy();
  });

  it('sends a text the carrier did not deliver again as a new text, leaving the box alone', async () => {
    const { api, user } = await renderApp(withStates);
    await openConversation(user, 3);
    await screen.findByText('Carrier failed');
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    await user.type(box, 'Something else, half typed');
    await user.click(within(bubble('Carrier failed')).getByRole('button', { name: 'Send again' }));
    await waitFor(() => expect(sends(api)).toEqual([{ conversationId: 3, text: 'Carrier failed' }]));
    // What the user was typing is theirs: sending again leaves the box alone.
    expect(box.value).toBe('Something else, half typed');
  });

  it('announces a text that fails after it left the box', async () => {
    const { api, user } = await renderApp();
    const box = await openConversation(user, 2);
    await user.type(box, 'Running late{Enter}');
    await waitFor(() => expect(sends(api)).toHaveLength(1));
    const sent = api.messages.at(-1)!;
    sent.send = { state: 'refused', reason: 'This number is not opted in.', nextAttemptAt: null, attempts: 1 };
    act(() => api.emit('data:changed', { numberIds: [1], conversationIds: [2], unread: false }));
    await waitFor(() => expect(document.querySelector('[aria-live="polite"][aria-atomic="true"]')!.textContent).toBe('A text was not sent. Refused: This number is not opted in.'));
    expect(bubble('Running late').className).toMatch(/is-stuck/);
  });
});

describe('New conversation', () => {
  it('opens with Ctrl+N, sends a first text to a number typed in any format, and opens the conversation', async () => {
    const { api, user } = await renderApp();
    await user.keyboard('{Control>}n{/Control}');
    const dialog = screen.getByRole('dialog', { name: 'New conversation' });
    const to = within(dialog).getByLabelText('To');
    expect(document.activeElement).toBe(to);
    expect((within(dialog).getByLabelText('From') as HTMLSelectElement).value).toBe('1');
    const send = within(dialog).getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    await user.type(to, '(628) 555');
    expect(within(dialog).getByText(/too short/)).toBeTruthy();
    await user.type(to, '-0173');
    expect(within(dialog).getByText(/\+1 628 555 0173/)).toBeTruthy();
    expect(send.disabled).toBe(true);
    await user.type(within(dialog).getByRole('textbox', { name: 'Message' }), 'Your order is ready{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(sends(api)).toEqual([{ numberId: 1, to: '(628) 555-0173', text: 'Your order is ready' }]);
    const created = api.conversations.find((c) => c.remote === '+16285550173')!;
    await waitFor(() => expect(screen.getAllByRole('option')[0]!.dataset.conversationId).toBe(String(created.id)));
    const log = await screen.findByRole('log', { name: 'Messages' });
    expect(await within(log).findByText('Your order is ready')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Message' })));
  });

  it('opens from its button and keeps what was typed when the server refuses, saying why', async () => {
    const { api, user } = await renderApp();
    api.refuse('message:send', { code: 'VALIDATION', message: '+1 628 555 0173 cannot receive texts.' });
    await user.click(screen.getByRole('button', { name: 'New conversation' }));
    const dialog = screen.getByRole('dialog', { name: 'New conversation' });
    await user.type(within(dialog).getByLabelText('To'), '6285550173');
    await user.type(within(dialog).getByRole('textbox', { name: 'Message' }), 'Hello');
    await user.click(within(dialog).getByRole('button', { name: 'Send' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Not sent: +1 628 555 0173 cannot receive texts.');
    expect((within(dialog).getByLabelText('To') as HTMLInputElement).value).toBe('6285550173');
    expect((within(dialog).getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).value).toBe('Hello');
    // Escape closes it; opening it again brings back what was typed.
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await user.keyboard('{Control>}n{/Control}');
    expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe('6285550173');
  });

  it('lists every number, says why one cannot send, and will not send from it', async () => {
    const { user } = await renderApp((api) => {
      api.numbers.push({ ...api.numbers[0]!, id: 2, providerId: 'n2', phoneNumber: '+18005550199', label: 'Toll-free', sendBlockedReason: 'Toll-free numbers on Inkbox can only receive texts.' });
    });
    await user.keyboard('{Control>}n{/Control}');
    const dialog = screen.getByRole('dialog', { name: 'New conversation' });
    const from = within(dialog).getByLabelText('From') as HTMLSelectElement;
    expect([...from.options].map((o) => o.textContent)).toEqual([expect.stringMatching(/^Front desk · .*Inkbox$/), expect.stringMatching(/^Toll-free · .*\(cannot send\)$/)]);
    await user.selectOptions(from, '2');
    expect(within(dialog).getByRole('alert').textContent).toBe('Toll-free numbers on Inkbox can only receive texts.');
    await user.type(within(dialog).getByLabelText('To'), '+1 628 555 0173');
    await user.type(within(dialog).getByRole('textbox', { name: 'Message' }), 'Hello');
    expect((within(dialog).getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('keeps focus inside the dialog', async () => {
    const { user } = await renderApp();
    await user.keyboard('{Control>}n{/Control}');
    const dialog = screen.getByRole('dialog', { name: 'New conversation' });
    await user.type(within(dialog).getByLabelText('To'), '6285550173');
    await user.type(within(dialog).getByRole('textbox', { name: 'Message' }), 'Hi');
    for (let i = 0; i < 6; i++) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
  });
});

describe('checkRecipient', () => {
  it('reads a number without a country code in the sending number’s country', () => {
    expect(checkRecipient('020 7946 0321', 'GB')).toMatchObject({ kind: 'ok', e164: '+442079460321' });
    expect(checkRecipient('(212) 555-0123', 'US')).toMatchObject({ e164: '+12125550123' });
    expect(checkRecipient('+44 20 7946 0321', 'US')).toMatchObject({ kind: 'ok', e164: '+442079460321' });
  });

  it('says what is wrong with what cannot be a phone number', () => {
    expect(checkRecipient('', 'US')).toMatchObject({ kind: 'empty' });
    expect(checkRecipient('bob', 'US')).toMatchObject({ kind: 'error', note: '“bob” is not a phone number.' });
    expect(checkRecipient('555', 'US')).toMatchObject({ kind: 'error', note: expect.stringMatching(/too short/) });
    expect(checkRecipient('+1 212 555 01234567', 'US')).toMatchObject({ kind: 'error', note: expect.stringMatching(/too long/) });
  });
});
