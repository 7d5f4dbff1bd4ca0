import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { STRINGS } from '../strings.ts';
import { AssistPanel } from './assist-panel.tsx';

afterEach(cleanup);
const en = STRINGS.en;

describe('assist panel', () => {
  const assist = {
    conversationId: 'c1',
    forSeq: 4,
    understanding: { intent: 'logistics', confidence: 0.8, anger: 0.72 },
    suggestions: [
      { entryId: 'zh-ship-time', question: '多久发货？', answer: '付款后 48 小时内发货。', confidence: 0.9 },
      { entryId: 'zh-track', question: '怎么查物流？', answer: '在订单页点"查看物流"。', confidence: 0.6 },
    ],
    canned: [{ id: 'track-zh', title: '查物流', text: '我帮您查一下订单 {orderId} 的物流，请稍等。' }],
  };

  it('shows the intent, an anger badge, the knowledge-base answers and canned replies', () => {
    render(<AssistPanel assist={assist} t={en} onInsert={() => {}} />);
    expect(screen.getByText(/Intent: Shipping/)).toBeTruthy();
    expect(screen.getByText(/Upset 72%/)).toBeTruthy();
    expect(screen.getByRole('heading', { name: en.kbAnswers })).toBeTruthy();
    expect(screen.getAllByRole('button', { name: /^Insert: / })).toHaveLength(3);
  });

  it('inserts an answer with one click, naming the answer it came from', () => {
    const inserted: unknown[] = [];
    render(<AssistPanel assist={assist} t={en} onInsert={(text, from) => inserted.push([text, from])} />);
    fireEvent.click(screen.getByRole('button', { name: 'Insert: 多久发货？' }));
    fireEvent.click(screen.getByRole('button', { name: 'Insert: 查物流' }));
    expect(inserted).toEqual([
      ['付款后 48 小时内发货。', { kind: 'kb', id: 'zh-ship-time' }],
      ['我帮您查一下订单 {orderId} 的物流，请稍等。', { kind: 'canned', id: 'track-zh' }],
    ]);
  });

  it('lists the canned matches in the conversation’s language first, the hub’s order kept within each', () => {
    const canned = [
      { id: 'track-zh', title: '查物流', text: '我帮您查一下物流。' },
      { id: 'track-en', title: 'Tracking', text: 'Let me check your parcel.' },
      { id: 'late-zh', title: '延迟', text: '抱歉，物流有延迟。' },
      { id: 'late-en', title: 'Delay', text: 'Sorry, the parcel is late.' },
    ];
    const shown = (language?: 'zh' | 'en') => {
      const { container, unmount } = render(
        <AssistPanel assist={{ ...assist, canned }} t={en} onInsert={() => {}} language={language} />,
      );
      const ids = [...container.querySelectorAll('[data-canned]')].map((el) =>
        el.getAttribute('data-canned'),
      );
      unmount();
      return ids;
    };
    expect(shown('en')).toEqual(['track-en', 'late-en', 'track-zh']);
    expect(shown('zh')).toEqual(['track-zh', 'late-zh', 'track-en']);
    expect(shown()).toEqual(['track-zh', 'track-en', 'late-zh']);
  });

  it('says calm when the shopper is, and waits for a message when there is no assist yet', () => {
    const { unmount } = render(
      <AssistPanel
        assist={{ ...assist, understanding: { ...assist.understanding, anger: 0.1 } }}
        t={en}
        onInsert={() => {}}
      />,
    );
    expect(screen.getByText(en.calm)).toBeTruthy();
    unmount();
    render(<AssistPanel assist={undefined} t={en} onInsert={() => {}} />);
    expect(screen.getByText(en.assistEmpty)).toBeTruthy();
  });

  it('shows what a recognizer saw in the shopper’s photo, with its confidence', () => {
    render(
      <AssistPanel
        assist={{ ...assist, image: { imageId: 'img_1', label: 'damaged', confidence: 0.93 } }}
        t={en}
        onInsert={() => {}}
      />,
    );
    const badge = screen.getByText(/Photo recognized/);
    expect(badge.textContent).toBe('Photo recognized: damaged 93%');
    expect(badge.getAttribute('data-image-label')).toBe('damaged');
  });

  it('labels in Chinese with a full-width colon, as Chinese is written (意图：…, 照片识别：破损 93%)', () => {
    render(
      <AssistPanel
        assist={{ ...assist, image: { imageId: 'img_1', label: 'damaged', confidence: 0.93 } }}
        t={STRINGS.zh}
        onInsert={() => {}}
      />,
    );
    expect(screen.getByText(/照片识别/).textContent).toBe('照片识别：破损 93%');
    expect(screen.getByText(/意图/).textContent).toMatch(/^意图：/);
  });
});
