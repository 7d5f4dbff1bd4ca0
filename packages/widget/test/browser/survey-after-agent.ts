import type { AgentClient } from '@kefu/sdk/agent';
import type { Page } from 'playwright-core';
import { openWidget, send } from './widget-fixture.ts';

/**
 * Brings the page's widget to the survey that follows a conversation with a person: opens it on a
 * product (`productTitle`), sends `question`, has `agent` take and close the conversation, and waits
 * until the survey shows and the panel has stopped moving.
 */
export async function surveyAfterAgent(
  page: Page,
  agent: AgentClient,
  question: string,
  productTitle: string,
): Promise<void> {
  await page.evaluate(
    (title) =>
      (window as unknown as { Kefu(...a: unknown[]): void }).Kefu('setContext', {
        product: { id: 'sku-1', title, price: 399, currency: 'CNY' },
      }),
    productTitle,
  );
  await openWidget(page);
  await send(page, question);
  let id: string | undefined;
  for (let i = 0; i < 400 && !id; i++) {
    id = agent.inbox.find((item) => item.shopperMessage?.preview === question)?.conversationId;
    if (!id) await page.waitForTimeout(25);
  }
  if (!id) throw new Error('the conversation never reached the agent');
  await agent.accept(id).catch(() => agent.join(id));
  await agent.close(id, 'resolved');
  await page.locator('[data-kefu] .csat').waitFor();
  await page
    .locator('[data-kefu] .panel')
    .evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
}
