import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { STRINGS } from '../strings/all.ts';
import { Header, stateLine } from './header.tsx';

afterEach(cleanup);

describe('conversation states in the header', () => {
  const en = STRINGS.en;
  const zh = STRINGS['zh-CN'];

  it('bot: the assistant answers', () => {
    expect(stateLine({ status: 'bot' }, en)).toBe('Assistant · replies instantly');
    expect(stateLine(undefined, zh)).toBe('智能助手 · 即时回复');
  });

  it('queued: position and an estimated wait in words', () => {
    expect(stateLine({ status: 'queued', queue: { position: 2, etaSeconds: 150 } }, en)).toBe(
      'Connecting you to a person · #2 in line · about 3 min',
    );
    expect(stateLine({ status: 'queued', queue: { position: 1, etaSeconds: 20 } }, en)).toBe(
      'Connecting you to a person · #1 in line · under a minute',
    );
    expect(stateLine({ status: 'queued', queue: { position: 9, etaSeconds: 7200 } }, en)).toBe(
      'Connecting you to a person · #9 in line · about 2 h',
    );
    expect(stateLine({ status: 'queued', queue: { position: 1 } }, zh)).toBe('正在为您转接人工 · 第 1 位');
    expect(stateLine({ status: 'queued', queue: { position: 1, etaSeconds: 0 } }, zh)).toBe(
      '正在为您转接人工 · 第 1 位 · 预计不到 1 分钟',
    );
    expect(stateLine({ status: 'queued', queue: { position: 3, etaSeconds: 60 } }, STRINGS['zh-TW'])).toBe(
      '正在為您轉接真人客服 · 第 3 位 · 預計約 1 分鐘',
    );
  });

  it('assigned: the agent by name, with their initial as avatar', () => {
    const { container } = render(
      <Header
        shopName="Kefu Demo Shop"
        state={{ status: 'assigned', agent: { id: 'mei', name: 'Mei' } }}
        t={en}
        onClose={() => {}}
      />,
    );
    expect(screen.getByText('Mei is helping you')).toBeTruthy();
    expect(container.querySelector('.av')?.textContent).toBe('M');
    expect(screen.getByRole('heading', { name: 'Kefu Demo Shop' })).toBeTruthy();
  });

  it('an avatar initial is a whole character, an emoji or a rare 汉字 too', () => {
    const initial = (name: string) =>
      render(
        <Header
          shopName="Shop"
          state={{ status: 'assigned', agent: { id: 'a', name } }}
          t={en}
          onClose={() => {}}
        />,
      ).container.querySelector('.av')?.textContent;
    expect(initial('🌸 Mei')).toBe('🌸');
    expect(initial('𠮷野')).toBe('𠮷');
  });

  it('closed: the conversation ended', () => {
    expect(stateLine({ status: 'closed' }, en)).toBe('Conversation ended');
    expect(stateLine({ status: 'closed' }, zh)).toBe('会话已结束');
  });

  it('labels its close button', () => {
    render(<Header shopName="Shop" state={{ status: 'bot' }} t={en} onClose={() => {}} />);
    expect(screen.getByRole('button', { name: en.close })).toBeTruthy();
  });
});
