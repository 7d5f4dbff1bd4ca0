import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { STRINGS } from '../strings/all.ts';
import { Composer } from './composer.tsx';

const t = STRINGS.en;
const setup = (props: { online?: boolean; max?: number } = {}) => {
  const onSend = vi.fn(() => true);
  render(
    <Composer
      t={t}
      online={props.online ?? true}
      onSend={onSend}
      {...(props.max ? { max: props.max } : {})}
    />,
  );
  const box = screen.getByRole('textbox') as HTMLTextAreaElement;
  const type = (text: string) => fireEvent.input(box, { target: { value: text } });
  return { onSend, box, type };
};

afterEach(cleanup);

describe('Composer', () => {
  it('sends on Enter and clears the draft', () => {
    const { onSend, box, type } = setup();
    type('Do you have size L?');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('Do you have size L?');
    expect(box.value).toBe('');
  });

  it('does not send on an Enter that confirms an IME composition (isComposing)', () => {
    const { onSend, box, type } = setup();
    fireEvent.compositionStart(box);
    type('nihao');
    fireEvent.keyDown(box, { key: 'Enter', isComposing: true });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.compositionEnd(box, { data: '你好' });
    type('你好');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('你好');
  });

  it('does not send between compositionstart and compositionend even when the event lacks isComposing', () => {
    const { onSend, box, type } = setup();
    type('ni');
    fireEvent.compositionStart(box);
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
  });

  it('does not send on keyCode 229 (Safari ends the composition before the Enter keydown)', () => {
    const { onSend, box, type } = setup();
    type('你好');
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 229 });
    expect(onSend).not.toHaveBeenCalled();
  });

  it('leaves Shift+Enter to the textarea for a new line', () => {
    const { onSend, box, type } = setup();
    type('line one');
    const event = fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(event).toBe(true); // not prevented: the browser inserts the newline
    expect(onSend).not.toHaveBeenCalled();
  });

  it('never sends blank text', () => {
    const { onSend, box, type } = setup();
    type('   \n ');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
    expect((screen.getByRole('button', { name: t.send }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows a counter near the limit and blocks sending over it', () => {
    const { onSend, box, type } = setup({ max: 300 });
    type('a'.repeat(50));
    expect(screen.queryByText(t.remaining(250))).toBeNull();
    type('a'.repeat(150));
    expect(screen.getByText(t.remaining(150))).toBeTruthy();
    type('a'.repeat(305));
    expect(screen.getByText(t.tooLong(5))).toBeTruthy();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
  });

  it('counts characters (code points) as the protocol does: an emoji is one, not two UTF-16 units', () => {
    const { onSend, box, type } = setup({ max: 4000 });
    type('😀'.repeat(2100));
    expect(screen.queryByText(/too long/)).toBeNull();
    expect((screen.getByRole('button', { name: t.send }) as HTMLButtonElement).disabled).toBe(false);
    type('😀'.repeat(3900));
    expect(screen.getByText(t.remaining(100))).toBeTruthy();
    type('😀'.repeat(4002));
    expect(screen.getByText(t.tooLong(2))).toBeTruthy();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
    type('😀'.repeat(4000));
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('😀'.repeat(4000));
  });

  it('says "1 character" in English, and "2 characters"', () => {
    expect(t.remaining(1)).toBe('1 character left');
    expect(t.remaining(2)).toBe('2 characters left');
    expect(t.tooLong(1)).toBe('1 character too long');
    expect(t.tooLong(200)).toBe('200 characters too long');
  });

  it('still takes messages offline and says they will be sent when connected', () => {
    const { onSend, box, type } = setup({ online: false });
    expect(screen.getByText(t.willSend)).toBeTruthy();
    type('are you there?');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('are you there?');
  });

  it('keeps the draft when the message could not be queued', () => {
    const onSend = vi.fn(() => false);
    render(<Composer t={t} online onSend={onSend} />);
    const box = screen.getByRole('textbox') as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: 'keep me' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(box.value).toBe('keep me');
  });
});

describe('Composer with photos', () => {
  const photo = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'parcel.jpg', { type: 'image/jpeg' });
  const setupPhotos = (photos = false) => {
    const onSend = vi.fn(() => true);
    const onFiles = vi.fn();
    render(<Composer t={t} online onSend={onSend} onFiles={onFiles} photos={photos} />);
    return { onSend, onFiles };
  };

  it('offers an attach button named in the locale, taking images (the camera on phones)', () => {
    const { onFiles } = setupPhotos();
    const input = screen.getByLabelText('Attach a photo') as HTMLInputElement;
    expect([input.type, input.accept]).toEqual(['file', 'image/*']);
    Object.defineProperty(input, 'files', { value: [photo], configurable: true });
    fireEvent.change(input);
    expect(onFiles).toHaveBeenCalledWith([photo]);
  });

  it('takes an image pasted into the message box, and leaves pasted text alone', () => {
    const { onFiles } = setupPhotos();
    const box = screen.getByRole('textbox');
    fireEvent.paste(box, { clipboardData: { files: [photo] } });
    expect(onFiles).toHaveBeenCalledWith([photo]);
    fireEvent.paste(box, { clipboardData: { files: [] } });
    expect(onFiles).toHaveBeenCalledTimes(1);
  });

  // Finding (QA as a shopper, 2026-12-07): a cell copied from Excel (or text from Word or Numbers)
  // comes with a picture of itself beside its text and HTML. Pasting an order number copied from a
  // spreadsheet put a photo of it in the tray and not the number in the box.
  it('pastes the text of a copy that also carries a picture of it (a spreadsheet cell), and a copied image as a photo', () => {
    const { onFiles } = setupPhotos();
    const box = screen.getByRole('textbox');
    const clipboard = (types: Record<string, string>) => ({
      files: [photo],
      getData: (type: string) => types[type] ?? '',
    });
    const cell = clipboard({
      'text/plain': 'KF89E3851D01',
      'text/html': '<table><tr><td>KF89E3851D01</td></tr></table>',
    });
    expect(fireEvent.paste(box, { clipboardData: cell })).toBe(true);
    expect(onFiles).not.toHaveBeenCalled();
    // "Copy image" in a browser: the image and an <img> tag, no text.
    fireEvent.paste(box, {
      clipboardData: clipboard({ 'text/html': '<img src="https://shop.example/p.png">' }),
    });
    expect(onFiles).toHaveBeenCalledWith([photo]);
  });

  it('sends with an empty text while photos wait in the tray (the text is their caption)', () => {
    const { onSend } = setupPhotos(true);
    const send = screen.getByRole('button', { name: t.send }) as HTMLButtonElement;
    expect(send.disabled).toBe(false);
    fireEvent.click(send);
    expect(onSend).toHaveBeenCalledWith('');
  });
});
