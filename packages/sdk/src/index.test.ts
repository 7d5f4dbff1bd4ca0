import { describe, expect, it } from 'vitest';
import * as sdk from './index.ts';

describe('@kefu/sdk exports', () => {
  it('gives a merchant’s own router the office-hours helpers the default one uses', () => {
    const hours: sdk.OfficeHours = {
      timeZone: 'Asia/Shanghai',
      weekly: { mon: [{ from: '09:00', to: '18:00' }] },
    };
    expect(() => sdk.validateOfficeHours(hours)).not.toThrow();
    // Monday 2025-01-06 11:00 in Shanghai is open; 20:00 is not, and it opens Monday next at 09:00.
    expect(sdk.isOpen(hours, Date.parse('2025-01-06T03:00:00Z'))).toBe(true);
    expect(sdk.isOpen(hours, Date.parse('2025-01-06T12:00:00Z'))).toBe(false);
    expect(sdk.nextOpening(hours, Date.parse('2025-01-06T12:00:00Z'))).toBe(
      Date.parse('2025-01-13T01:00:00Z'),
    );
  });
});

describe('@kefu/sdk exports for a plug-in that writes Chinese', () => {
  it("shows the plug-in's text in the shopper's script, as the bot's knowledge-base answers are", async () => {
    expect(await sdk.inShopperScript('您的订单已发货', 'zh-TW')).toBe('您的訂單已發貨');
  });
});

describe("@kefu/sdk exports for a merchant's own bot", () => {
  it('sends a help-centre answer as the plain text the built-in bot sends', () => {
    expect(sdk.plainAnswer('<p>满 99 包邮</p><p>见 <a href="https://shop.example/r">退货页</a></p>')).toBe(
      '满 99 包邮\n见 退货页: https://shop.example/r',
    );
  });
});

describe('@kefu/sdk exports for a webhook receiver', () => {
  it('types a delivery body by its type (WebhookEvent), so narrowing on `type` types `data`', () => {
    const body =
      '{"id":"evt_1","type":"conversation.closed","createdAt":1,"data":{"conversationId":"c_1","from":"assigned","reason":"refunded"}}';
    const event = JSON.parse(body) as sdk.WebhookEvent;
    // Without the exported type a receiver wrote this union itself; tsc checks `data` here.
    const reason = event.type === 'conversation.closed' ? event.data.reason : undefined;
    expect(reason).toBe('refunded');
    const closed: sdk.WebhookEvent<'conversation.closed'>['data']['from'] = 'assigned';
    expect(sdk.WEBHOOK_EVENT_TYPES).toContain(event.type);
    expect(closed).toBe('assigned');
  });
});

describe('@kefu/sdk exports for a merchant starting a hub', () => {
  it('lets a merchant catch a bad option by class and stable code, with the option named', () => {
    let caught: string | undefined;
    try {
      sdk.createHub({ sites: [{ key: 'shop', origins: ['https://shop.example'] }], pluginTimeoutMs: -1 });
    } catch (e) {
      if (e instanceof sdk.HubOptionsError && e.code === 'HUB_OPTIONS_INVALID') caught = e.message;
      else throw e;
    }
    expect(caught).toMatch(/^createHub: pluginTimeoutMs must be a positive number/);
  });

  it('gives a bad option checked outside the hub folder (order rules) the same class and code', () => {
    const options = {
      sites: [{ key: 'shop', origins: ['https://shop.example'] }],
      orderRules: { keepDays: 0 },
    };
    expect(() => sdk.createHub(options)).toThrow(
      expect.objectContaining({
        name: 'HubOptionsError',
        code: 'HUB_OPTIONS_INVALID',
        problems: [expect.stringMatching(/^orderRules\.keepDays/)],
      }),
    );
  });
});
