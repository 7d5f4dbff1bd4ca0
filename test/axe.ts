import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's violations on a page in Chromium, each with the offending markup. `widget` checks the
 * widget alone (its host and shadow tree), once its panel has finished opening: mid-fade, colours
 * have less contrast than they will. `page` checks the whole document (the agent console).
 * @example
 * expect(await axeViolations(page, 'widget')).toEqual([]);
 */
export async function axeViolations(
  page: Page,
  scope: 'widget' | 'page',
): Promise<{ id: string; html: string[] }[]> {
  if (scope === 'widget')
    await page.waitForFunction(() =>
      (
        document.querySelector('[data-kefu]')?.shadowRoot?.querySelector('.panel')?.getAnimations() ?? []
      ).every((a) => a.playState === 'finished'),
    );
  await page.evaluate(await axeSource);
  return page.evaluate(async (widget) => {
    type Result = { violations: { id: string; nodes: { html: string }[] }[] };
    const { axe } = window as unknown as { axe: { run(ctx: unknown): Promise<Result> } };
    const result = await axe.run(widget ? { include: [['[data-kefu]']] } : document);
    return result.violations.map((v) => ({ id: v.id, html: v.nodes.map((n) => n.html) }));
  }, scope === 'widget');
}
