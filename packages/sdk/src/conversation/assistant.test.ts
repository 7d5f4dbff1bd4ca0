import { describe, expect, it } from 'vitest';
import { createAssistant } from './assistant.ts';

describe('createAssistant', () => {
  it('suggests a help-centre entry with HTML as the plain text the agent would send, its question too', async () => {
    const assistant = createAssistant({
      knowledgeBase: {
        version: 1,
        entries: [
          {
            id: 'ship',
            question: '<p><b>运费</b>多少</p>',
            alternatives: ['运费多少'],
            answer: '<p>满 99 包邮</p><p>详见 <a href="https://shop.example/ship">运费说明</a></p>',
            tags: [],
          },
        ],
      },
    });
    const { suggestions } = await assistant.suggest('运费多少', { locale: 'zh-CN' });
    expect(suggestions[0]?.answer).toBe('满 99 包邮\n详见 运费说明: https://shop.example/ship');
    expect(suggestions[0]?.question).toBe('运费多少');
  });
});
