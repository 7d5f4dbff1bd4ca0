import { describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../test/servers.ts';
import { DEMO_AGENTS } from '../../shop/src/hub.ts';
import { STRINGS } from '../src/strings.ts';
import { assignedShopper, consoleShift, shopperAskingForAPerson, until } from './console-fixture.ts';

const skip = await chromiumMissing();
const en = STRINGS.en;

describe.skipIf(skip)('SLA alerts about a waiting conversation a colleague then takes (Chromium)', () => {
  // Lei takes one conversation at a time and first responses are due in 2 s: the second shopper
  // waits in the queue long enough for the group's agents to be warned about them.
  const shift = consoleShift({
    hub: {
      agents: DEMO_AGENTS.map((a) => (a.id === 'lei' ? { ...a, capacity: 1 } : a)),
      routing: { acceptTimeoutMs: 60_000, sla: { default: { firstResponseMs: 2_000 } } },
    },
  });

  it('leave the other agents’ consoles once the conversation is the colleague’s', async () => {
    const mei = await shift.signIn(0);
    await mei.selectOption('.status-pick select', 'away');
    const lei = await shift.signIn(1);
    const first = await assignedShopper(shift.fx, shift.shoppers);
    expect(first.state).toMatchObject({ agent: { id: 'lei' } });
    // The second shopper waits in the queue.
    const next = await shopperAskingForAPerson(shift.fx, shift.shoppers, 'queued');
    // Mei, away, is warned about the shopper waiting in her group.
    const alerts = mei.locator('ul.alerts li');
    await alerts.first().waitFor();
    // Lei closes the first conversation and the hub gives Lei the waiting one.
    await lei.locator(`#composer-${first.conversationId}`).waitFor();
    await lei.getByRole('button', { name: en.closeConv, exact: true }).click();
    await lei.locator('[role=dialog]').getByRole('button', { name: en.confirm }).click();
    await until(() => next.state?.status === 'assigned', 'the waiting shopper to be Lei’s');
    expect(next.state).toMatchObject({ agent: { id: 'lei' } });
    // Nothing in Mei's console still says that shopper's response is due: it is Lei's to answer,
    // and its Open would only show Mei Lei's conversation.
    await expect.poll(() => alerts.count(), { timeout: 10_000 }).toBe(0);
  });
});
