import { describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../test/servers.ts';
import { KNOWLEDGE_STRINGS } from '../src/knowledge-strings.ts';
import { consoleShift } from './console-fixture.ts';

const skip = await chromiumMissing();

// Finding (2026-12-06, outside QA): on a hub with no knowledge base to edit (a config file with one
// file per language), the page said a proposal "no longer exists", left an empty check-up and an
// "Add an entry" button, and showed the hub's English sentence in the Chinese console.
describe.skipIf(skip)('the knowledge page on a hub with no knowledge base to edit (Chromium)', () => {
  const shift = consoleShift({ hub: { knowledgeBase: undefined } });

  for (const lang of ['zh', 'en'] as const) {
    it(`says so once, in ${lang}, and offers nothing it cannot do`, async () => {
      const t = KNOWLEDGE_STRINGS[lang];
      const boss = await shift.signIn(2, { lang });
      await boss.getByRole('link', { name: t.nav }).click();
      const page = boss.getByRole('main');
      await page.getByRole('heading', { name: t.title, level: 1 }).waitFor();
      await page.getByText(t.noKnowledgeBase).waitFor();
      expect(await page.getByText(t.refused.not_found).count()).toBe(0);
      expect(await page.getByText(/this hub has no knowledge base/).count()).toBe(0);
      expect(await page.getByRole('button', { name: t.addEntry }).count()).toBe(0);
      expect(await page.getByRole('heading', { name: t.doctor }).count()).toBe(0);
    });
  }
});
