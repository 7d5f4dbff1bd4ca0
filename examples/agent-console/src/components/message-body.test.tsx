import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { STRINGS } from '../strings.ts';
import { textMessage } from '../testing/fake-client.ts';
import { MessageBody } from './message-body.tsx';

afterEach(cleanup);

describe('message body', () => {
  it('names an order card’s status in the console’s language, not by its protocol code', () => {
    const message = {
      ...textMessage('c1', 4, 'bot', ''),
      content: {
        kind: 'order' as const,
        order: { id: 'KF1001', status: 'in_transit' as const, items: [], events: [] },
      },
    };
    const { container } = render(<MessageBody message={message} t={STRINGS.zh} />);
    // The bot's order card read "订单 KF1001 · in_transit" in the transcript.
    expect(container.textContent).toContain('KF1001 · 运输中');
  });
});
