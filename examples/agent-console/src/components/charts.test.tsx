import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { STRINGS } from '../strings.ts';
import { BarChart, Sparkline } from './charts.tsx';

afterEach(cleanup);
const { zh, en } = STRINGS;

describe('charts', () => {
  it('read their figures out with the full-width colon and comma in Chinese', () => {
    const rows = [
      { label: '售前', value: 3 },
      { label: '物流', value: 2 },
    ];
    render(<BarChart title="会话数（按分组）" rows={rows} format={String} t={zh} />);
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('会话数（按分组）：售前 3，物流 2');
    cleanup();
    render(
      <Sparkline
        title="近 7 天会话趋势"
        points={[
          { label: '12-01', value: 4 },
          { label: '12-02', value: 6 },
        ]}
        t={zh}
      />,
    );
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('近 7 天会话趋势：12-01 4，12-02 6');
  });

  it('and with the ASCII ones in English', () => {
    render(
      <BarChart
        title="Conversations"
        rows={[
          { label: 'VIP', value: 1 },
          { label: 'General', value: undefined },
        ]}
        format={String}
        t={en}
      />,
    );
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('Conversations: VIP 1, General —');
  });
});
