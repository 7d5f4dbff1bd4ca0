import type * as protocol from '@kefu/protocol';
import { expectTypeOf, it } from 'vitest';
import type { Content, KefuContext, Message, Order, OrderStatus, Product } from './types.ts';

// Checked by the typecheck (`pnpm typecheck`): the widget's published types are the protocol's,
// written out so they need no package (see types.ts).
it('publishes the protocol’s Message, Content, Order and Product unchanged', () => {
  expectTypeOf<Product>().toEqualTypeOf<protocol.Product>();
  expectTypeOf<Order>().toEqualTypeOf<protocol.Order>();
  expectTypeOf<OrderStatus>().toEqualTypeOf<protocol.OrderStatus>();
  expectTypeOf<Content>().toEqualTypeOf<protocol.Content>();
  expectTypeOf<Message>().toEqualTypeOf<protocol.Message>();
});

it('takes an order by its id alone in setContext, as a page that knows no more passes it', () => {
  const context: KefuContext = { order: { id: 'SO-1024' } };
  expectTypeOf(context.order).toExtend<{ id: string } | undefined>();
});
