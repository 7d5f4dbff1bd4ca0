import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleState } from '../console-state.ts';
import { STRINGS } from '../strings.ts';
import { conversation, createFakeClient } from '../testing/fake-client.ts';
import { MAX_TAGS, TagChips, TagEditor } from './tag-editor.tsx';

afterEach(cleanup);
const en = STRINGS.en;

/** The editor as the conversation view wires it: tags from the state, saved through the client. */
async function setup(tags: string[] = []) {
  const fake = createFakeClient({
    conversations: [conversation({ id: 'c1', state: { status: 'assigned', tags } })],
  });
  const state = createConsoleState(fake.client, { lang: 'en' });
  await state.connect();
  await state.openConversation('c1');
  const View = () => (
    <TagEditor
      conversationId="c1"
      tags={state.active.value?.state.tags ?? []}
      t={en}
      onChange={(next) => state.tags('c1', next)}
    />
  );
  render(<View />);
  const input = screen.getByRole('textbox', { name: en.addTag }) as HTMLInputElement;
  const chips = () =>
    [...document.querySelectorAll('.conv-tags .tag-chip')].map((c) => c.getAttribute('data-tag'));
  return { fake, state, input, chips };
}

describe('tag editor', () => {
  it('adds a tag on Enter, saves the whole list, and shows it once the state has it', async () => {
    const { fake, input, chips } = await setup(['vip']);
    fireEvent.input(input, { target: { value: '  refund ' } });
    fireEvent.submit(input.form!);
    await waitFor(() => expect(chips()).toEqual(['vip', 'refund']));
    expect(fake.calls.filter((c) => c.method === 'tags').map((c) => c.args)).toEqual([
      ['c1', ['vip', 'refund']],
    ]);
    expect(input.value).toBe('');
  });

  it('removes a tag with its button', async () => {
    const { fake, chips } = await setup(['vip', 'refund']);
    fireEvent.click(screen.getByRole('button', { name: en.removeTag('vip') }));
    await waitFor(() => expect(chips()).toEqual(['refund']));
    expect(fake.calls.find((c) => c.method === 'tags')?.args).toEqual(['c1', ['refund']]);
  });

  it('keeps keyboard focus in the tags after removing one with its button', async () => {
    const { chips, input } = await setup(['vip', 'refund']);
    const remove = screen.getByRole('button', { name: en.removeTag('vip') });
    remove.focus();
    fireEvent.click(remove);
    await waitFor(() => expect(chips()).toEqual(['refund']));
    // The chip left with focus on its ×: focus fell to <body>, the next Tab started at the header.
    // (Focus moves once the save is done, a turn or two after the hub's new state.)
    await waitFor(() => expect(document.activeElement).toBe(input));
  });

  it('does not save a tag the conversation already has, in any case', async () => {
    const { fake, input, chips } = await setup(['Refund']);
    fireEvent.input(input, { target: { value: 'refund' } });
    fireEvent.submit(input.form!);
    await waitFor(() => expect(input.value).toBe(''));
    expect(fake.calls.some((c) => c.method === 'tags')).toBe(false);
    expect(chips()).toEqual(['Refund']);
  });

  it('stops taking tags at the hub’s limit and says so', async () => {
    const { input } = await setup(Array.from({ length: MAX_TAGS }, (_, i) => `t${i}`));
    expect(input.disabled).toBe(true);
    expect(input.getAttribute('maxlength')).toBe('40');
    expect(screen.getByText(en.tagsFull(MAX_TAGS), { selector: '.hint' })).toBeTruthy();
  });

  it('keeps the text when saving fails', async () => {
    const { fake, input, state } = await setup();
    fake.client.tags = () => Promise.reject(new Error('forbidden'));
    fireEvent.input(input, { target: { value: 'refund' } });
    fireEvent.submit(input.form!);
    await waitFor(() => expect(state.flash.value).toBe(en.failed('forbidden')));
    expect(input.value).toBe('refund');
  });

  it('empties the box as the tag is sent, before the hub answers', async () => {
    const { fake, input } = await setup();
    let answer: (ok: boolean) => void = () => {};
    fake.client.tags = () =>
      new Promise<void>((resolve, reject) => {
        answer = (ok) => (ok ? resolve() : reject(new Error('forbidden')));
      });
    fireEvent.input(input, { target: { value: 'refund' } });
    fireEvent.submit(input.form!);
    await waitFor(() => expect(input.value).toBe(''));
    // Typed meanwhile: a failed save does not overwrite it.
    fireEvent.input(input, { target: { value: 'size' } });
    answer(false);
    await waitFor(() => expect(input.value).toBe('size'));
  });

  it('adds a second tag typed while the first is saving, after it, to the list with both', async () => {
    // "refund⏎vip⏎" typed quickly: the add button was disabled while refund saved, so the second
    // Enter did nothing and vip stayed in the box, unsaved.
    const { fake, input } = await setup();
    const saved: string[][] = [];
    const answers: (() => void)[] = [];
    fake.client.tags = (_id, tags) => {
      saved.push([...tags]);
      return new Promise<void>((resolve) => answers.push(resolve));
    };
    const submit = screen.getByRole('button', { name: en.addTag }) as HTMLButtonElement;
    fireEvent.input(input, { target: { value: 'refund' } });
    fireEvent.submit(input.form!);
    await waitFor(() => expect(saved).toEqual([['refund']]));
    fireEvent.input(input, { target: { value: 'vip' } });
    expect(submit.disabled).toBe(false);
    fireEvent.submit(input.form!);
    await waitFor(() => expect(input.value).toBe(''));
    answers[0]!();
    await waitFor(() => expect(saved).toEqual([['refund'], ['refund', 'vip']]));
    answers[1]!();
  });

  it('shows read-only chips, and nothing without tags', () => {
    const { container, rerender } = render(<TagChips tags={['vip', 'size']} t={en} />);
    const list = within(container as HTMLElement).getByRole('list', { name: en.tags });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['vip', 'size']);
    rerender(<TagChips tags={[]} t={en} />);
    expect(container.innerHTML).toBe('');
  });
});
