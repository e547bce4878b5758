// @vitest-environment jsdom
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { avatarText } from '../../renderer/lib/format';
import { conversation, hit, message, type FakeApi } from './fakeApi';
import { renderApp as renderWholeApp } from './renderApp';
import { installLayout } from './setup';

installLayout();

/** The fake's conversations with names from the address books, a group with named members, and a vCard. */
function withNames(api: FakeApi): void {
  api.conversations[0]!.remoteName = 'Jane Doe';
  api.conversations[0]!.optedOut = true;
  for (const m of api.messages) m.remoteName = 'Jane Doe';
  api.conversations.push(
    conversation(4, 'group:crew', {
      isGroup: true,
      participants: ['+14155550111', '+14155550122'],
      participantNames: ['Mike Ross', null],
      latestText: 'See you there',
    }),
  );
  api.messages.push(
    message(5, 4, 'See you there', { remote: 'group:crew', sender: '+14155550111', senderName: 'Mike Ross' }),
    message(6, 4, 'Me too', { remote: 'group:crew', sender: '+14155550122', senderName: null }),
    message(7, 1, 'My card', {
      media: [{ id: 70, messageId: 7, position: 0, contentType: 'text/vcard', size: 120, hash: 'h', state: 'cached', filename: 'Jane.vcf' }],
    }),
  );
}

function renderApp(prepare: (api: FakeApi) => void = () => {}) {
  return renderWholeApp((api) => {
    withNames(api);
    prepare(api);
  });
}

describe('contact names in the UI', () => {
  it('lists a named party by name with its initials, and the others by number', async () => {
    await renderApp();
    const options = await within(screen.getByRole('listbox', { name: 'Conversations' })).findAllByRole('option');
    const jane = options.find((o) => o.textContent!.includes('Jane Doe'))!;
    expect(jane.getAttribute('aria-label')).toMatch(/^Jane Doe/);
    expect(jane.textContent).not.toContain('(415) 555-0100');
    // The avatar's initials come from the name, not the number's last digits (avatarText is issue 14's).
    // Initials are drawn by CSS from data-initials (issue 14), so they are not part of the row's text.
    expect(jane.querySelector('.avatar')!.getAttribute('data-initials')).toBe(avatarText('Jane Doe'));
    expect(avatarText('Jane Doe')).toBe('JD');
    expect(options.some((o) => o.textContent!.includes('+44 20 7183 8750'))).toBe(true);
    expect(options.some((o) => o.textContent!.includes('Mike Ross, (415) 555-0122'))).toBe(true);
  });

  it('heads the thread with the name, the number and the opt-out notice, and names group members and senders', async () => {
    const { user } = await renderApp();
    const options = await screen.findAllByRole('option');
    await user.click(options.find((o) => o.textContent!.includes('Jane Doe'))!);
    const thread = await screen.findByRole('region', { name: 'Conversation with Jane Doe' });
    expect(within(thread).getByRole('heading', { name: 'Jane Doe' })).toBeTruthy();
    expect(thread.querySelector('.thread-subtitle')!.textContent).toMatch(/^\(415\) 555-0100 · on Front desk/);
    // In the header; the composer under the thread warns as well (its own test).
    expect(within(thread.querySelector('.thread-header') as HTMLElement).getByText(/Opted out of texts/)).toBeTruthy();

    await user.click(screen.getAllByRole('option').find((o) => o.textContent!.includes('Mike Ross'))!);
    const group = await screen.findByRole('region', { name: /^Conversation with Mike Ross/ });
    expect(group.querySelector('.thread-participants, h2')!.textContent).toContain('Mike Ross');
    const log = within(group).getByRole('log', { name: 'Messages' });
    expect(await within(log).findByText('Mike Ross')).toBeTruthy();
    expect(within(log).getByText('(415) 555-0122')).toBeTruthy();
  });

  it('names a number from the thread header, and the new name shows once main says the data changed', async () => {
    const { api, user } = await renderApp();
    await user.click((await screen.findAllByRole('option')).find((o) => o.textContent!.includes('+44 20 7183 8750'))!);
    await user.click(await screen.findByRole('button', { name: 'Add name' }));
    const dialog = screen.getByRole('dialog', { name: /Name for/ });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Uncle Bob');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(api.calls.find((c) => c.channel === 'contacts:set')!.input).toEqual({ phone: '+442071838750', name: 'Uncle Bob', numberId: 1 });
    expect(await screen.findByRole('heading', { name: 'Uncle Bob' })).toBeTruthy();
    expect((await screen.findAllByRole('option')).some((o) => o.textContent!.includes('Uncle Bob'))).toBe(true);
  });

  it('offers "Add to contacts" on a vCard in a text', async () => {
    // Every element is a window tall here (setup.ts), so the thread holds only the card's text.
    const { api, user } = await renderApp((fake) => {
      fake.messages = fake.messages.filter((m) => m.conversationId !== 1 || m.id === 7);
    });
    await user.click((await screen.findAllByRole('option')).find((o) => o.textContent!.includes('Jane Doe'))!);
    await user.click(await screen.findByRole('button', { name: 'Add to contacts' }));
    expect(api.calls.find((c) => c.channel === 'contacts:importFromMedia')!.input).toEqual({ mediaId: 70 });
    expect(await screen.findByText('Added a number to your contacts')).toBeTruthy();
  });

  it('lists contacts whose name matches above the texts in search results, with names on the hits', async () => {
    const { api, user } = await renderApp();
    api.searchConversations.set('jane', [api.conversations[0]!]);
    api.searchAnswers.set('jane', [hit(api.messages[0]!, api.conversations[0]!, [])]);
    await user.type(screen.getByRole('searchbox', { name: 'Search messages' }), 'jane');
    const contacts = await screen.findByRole('list', { name: 'Contacts' });
    expect(within(contacts).getByRole('button').textContent).toContain('Jane Doe');
    const results = screen.getByRole('list', { name: 'Search results' });
    expect(within(results).getByText('Jane Doe')).toBeTruthy();
    await user.click(within(contacts).getByRole('button'));
    expect(await screen.findByRole('region', { name: 'Conversation with Jane Doe' })).toBeTruthy();
  });
});

describe('Settings › Contacts', () => {
  it('lists the address book and imports a chosen vCard file', async () => {
    const { api, store, user } = await renderApp();
    act(() => store.getState().openSettings(true));
    const list = await screen.findByRole('list', { name: 'Contacts' });
    expect(await within(list).findByText('Jane Doe')).toBeTruthy();
    const file = new File(['BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nTEL:+14155550155\r\nEND:VCARD\r\n'], 'ann.vcf', { type: 'text/vcard' });
    await user.upload(screen.getByLabelText('Import contacts from a file'), file);
    expect(await screen.findByText(/Imported 1 number from 1 card/)).toBeTruthy();
    expect(api.calls.find((c) => c.channel === 'contacts:import')!.input).toEqual({ format: 'vcf', content: expect.stringContaining('FN:Ann') });
  });
});
