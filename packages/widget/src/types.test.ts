import type * as protocol from '@kefu/protocol';
import { expectTypeOf, it } from 'vitest';
import type { Content, Message, Order, OrderStatus, Product } from './types.ts';

// Checked by the typecheck (`pnpm typecheck`): the widget's published types are the protocol's,
// written out so they need no package (see types.ts).
it('publishes the protocol’s Message, Content, Order and Product unchanged', () => {
  expectTypeOf<Product>().toEqualTypeOf<protocol.Product>();
  expectTypeOf<Order>().toEqualTypeOf<protocol.Order>();
  expectTypeOf<OrderStatus>().toEqualTypeOf<protocol.OrderStatus>();
  expectTypeOf<Content>().toEqualTypeOf<protocol.Content>();
  expectTypeOf<Message>().toEqualTypeOf<protocol.Message>();
});
