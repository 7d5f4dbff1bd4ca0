import type { Message } from '@kefu/protocol';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleState } from '../console-state.ts';
import { STRINGS } from '../strings.ts';
import { conversation, createFakeClient, imageContent, textMessage } from '../testing/fake-client.ts';
import { Transcript } from './transcript.tsx';

afterEach(cleanup);
const en = STRINGS.en;

const photo = (token: string): Message => ({
  seq: 2,
  id: 'm-c1-2',
  conversationId: 'c1',
  author: { kind: 'shopper' },
  createdAt: 3_000,
  content: imageContent('img_1', 'c1', token, 'Crushed box'),
});

async function setup(onRefresh?: (id: string, seq: number) => Message | undefined) {
  const fake = createFakeClient({
    conversations: [
      conversation({ id: 'c1', messages: [textMessage('c1', 1, 'shopper', 'Look'), photo('old')] }),
    ],
    ...(onRefresh ? { onRefresh } : {}),
  });
  const state = createConsoleState(fake.client, { lang: 'en' });
  await state.connect();
  await state.openConversation('c1');
  const View = () => (
    <>
      <button type="button">elsewhere</button>
      <Transcript
        conversation={state.open.value[0]!}
        t={state.t.value}
        typing={false}
        images={state.images}
        today="2030-01-01"
        onLoadOlder={() => {}}
      />
    </>
  );
  render(<View />);
  return { fake, state };
}

describe('photos in the transcript', () => {
  it('shows the thumbnail from the hub, named by its caption', async () => {
    await setup();
    const thumb = screen.getByRole('img', { name: 'Crushed box' }) as HTMLImageElement;
    expect(thumb.src).toBe('http://hub.test/images/c1/img_1/thumb?t=old');
    expect(screen.getByRole('button', { name: en.openPhoto('Crushed box') })).toBeTruthy();
  });

  it('opens the viewer with the full image, its alt text and a link; Esc closes it and focus returns', async () => {
    await setup();
    const open = screen.getByRole('button', { name: en.openPhoto('Crushed box') });
    open.focus();
    fireEvent.click(open);
    const dialog = await screen.findByRole('dialog', { name: en.photoOf('Crushed box') });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const full = dialog.querySelector('img')!;
    expect(full.alt).toBe('Crushed box');
    expect(full.src).toBe('http://hub.test/images/c1/img_1/full?t=old');
    const link = screen.getByRole('link', { name: en.openFullImage }) as HTMLAnchorElement;
    expect(link.href).toBe(full.src);
    expect(link.rel).toContain('noopener');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: en.closeViewer }));
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(open);
  });

  it('reads the message again when a thumbnail fails to load, and shows the fresh URL', async () => {
    const { fake } = await setup(() => photo('fresh'));
    fireEvent.error(screen.getByRole('img', { name: 'Crushed box' }));
    await waitFor(() =>
      expect((screen.getByRole('img', { name: 'Crushed box' }) as HTMLImageElement).src).toBe(
        'http://hub.test/images/c1/img_1/thumb?t=fresh',
      ),
    );
    expect(fake.calls.filter((c) => c.method === 'refreshMessage').map((c) => c.args)).toEqual([['c1', 2]]);
  });

  it('waits for the fresh read when the stale URL fails again meanwhile (the image drawn anew)', async () => {
    const { fake } = await setup(() => photo('fresh'));
    const img = screen.getByRole('img', { name: 'Crushed box' });
    fireEvent.error(img);
    fireEvent.error(img); // the same stale URL, before the fresh read is back
    await waitFor(() =>
      expect((screen.getByRole('img', { name: 'Crushed box' }) as HTMLImageElement).src).toContain('t=fresh'),
    );
    expect(screen.queryByText(en.photoUnavailable)).toBeNull();
    expect(fake.calls.filter((c) => c.method === 'refreshMessage')).toHaveLength(1);
  });

  it('does not call a photo gone when reading it again failed (the connection dropped), and reads it on its next failure', async () => {
    let reads = 0;
    const { fake } = await setup(() => {
      reads++;
      if (reads === 1) throw new Error('no answer to history within 10000 ms');
      return photo('fresh');
    });
    fireEvent.error(screen.getByRole('img', { name: 'Crushed box' }));
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'refreshMessage')).toHaveLength(1));
    expect(screen.queryByText(en.photoUnavailable)).toBeNull();
    fireEvent.error(screen.getByRole('img', { name: 'Crushed box' }));
    await waitFor(() =>
      expect((screen.getByRole('img', { name: 'Crushed box' }) as HTMLImageElement).src).toContain('t=fresh'),
    );
    expect(screen.queryByText(en.photoUnavailable)).toBeNull();
  });

  it('shows a photo that fails again after a fresh read as unavailable, without asking the hub forever', async () => {
    const { fake } = await setup(() => photo('fresh'));
    fireEvent.error(screen.getByRole('img', { name: 'Crushed box' }));
    await waitFor(() =>
      expect((screen.getByRole('img', { name: 'Crushed box' }) as HTMLImageElement).src).toContain('t=fresh'),
    );
    fireEvent.error(screen.getByRole('img', { name: 'Crushed box' }));
    await screen.findByText(en.photoUnavailable);
    expect(screen.getByText('Crushed box')).toBeTruthy();
    expect(fake.calls.filter((c) => c.method === 'refreshMessage')).toHaveLength(1);
  });
});
