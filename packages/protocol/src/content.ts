import * as z from 'zod/mini';
import { IMAGE_MEDIA_TYPES, ORDER_STATUSES, SYSTEM_EVENTS } from './enums.ts';
import { LIMITS } from './limits.ts';
import { boundedString, id, timestamp, url } from './primitives.ts';
import { IMAGE_URL_PATTERN } from './storable-text.ts';
import { storedText } from './stored-text.ts';

export const Product = z.object({
  id,
  title: storedText(LIMITS.maxTitleChars, 1),
  price: z.optional(z.number().check(z.gte(0))),
  currency: z.optional(storedText(3, 3)),
  url: z.optional(url),
  image: z.optional(url),
  category: z.optional(storedText(LIMITS.maxNameChars)),
});
export type Product = z.infer<typeof Product>;

export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** A line of an order, or of a parcel: `sku` (when both sides give it) is what matches the two. */
export const OrderLine = z.object({
  title: storedText(LIMITS.maxTitleChars, 1),
  quantity: z.int().check(z.gte(1)),
  sku: z.optional(id),
});
export type OrderLine = z.infer<typeof OrderLine>;

/** A carrier's scan of a parcel: when, where, and the carrier's own words. */
export const ShipmentScan = z.object({
  at: timestamp,
  place: z.optional(storedText(LIMITS.maxNameChars, 1)),
  status: storedText(LIMITS.maxTitleChars, 1),
});
export type ShipmentScan = z.infer<typeof ShipmentScan>;

/**
 * One parcel as the merchant's warehouse packed it and the carrier carried it: the evidence an
 * agent checks a "missing item" against, without asking the shopper for proof.
 */
export const Shipment = z.object({
  id: z.optional(id),
  carrier: z.optional(storedText(LIMITS.maxNameChars)),
  trackingNo: z.optional(id),
  /** What went into the parcel, as the warehouse recorded it. */
  packed: z.array(OrderLine).check(z.maxLength(50)),
  /** The parcel's weight at packing, in grams. */
  weightGrams: z.optional(z.int().check(z.gte(1))),
  packedAt: z.optional(timestamp),
  /** The carrier's scans, oldest first. */
  scans: z.array(ShipmentScan).check(z.maxLength(50)),
});
export type Shipment = z.infer<typeof Shipment>;

export const Order = z.object({
  id,
  status: OrderStatus,
  total: z.optional(z.number().check(z.gte(0))),
  currency: z.optional(storedText(3, 3)),
  items: z.optional(z.array(OrderLine).check(z.maxLength(50))),
  carrier: z.optional(storedText(LIMITS.maxNameChars)),
  trackingNo: z.optional(id),
  /** When each lifecycle step happened, oldest first. */
  events: z.array(z.object({ status: OrderStatus, at: timestamp })).check(z.maxLength(LIMITS.maxOrderEvents)),
  /** The parcels, when the merchant's order system records them (agents only: the hub sends shoppers none). */
  // Not in LIMITS, like the 50 items: LIMITS ships whole in the widget, which never reads these.
  shipments: z.optional(z.array(Shipment).check(z.maxLength(10))),
});
export type Order = z.infer<typeof Order>;

export const TextContent = z.object({
  kind: z.literal('text'),
  text: storedText(LIMITS.maxTextChars, 1),
  /** Set when the text is the label of a quick reply the shopper tapped. */
  payload: z.optional(storedText(LIMITS.maxPayloadChars)),
});

export const QuickReply = z.object({
  label: storedText(LIMITS.maxQuickReplyLabelChars, 1),
  payload: storedText(LIMITS.maxPayloadChars, 1),
});
export type QuickReply = z.infer<typeof QuickReply>;

export const QuickRepliesContent = z.object({
  kind: z.literal('quick_replies'),
  text: z.optional(storedText(LIMITS.maxTextChars, 1)),
  replies: z.array(QuickReply).check(z.minLength(1), z.maxLength(LIMITS.maxQuickReplies)),
});

export const ProductContent = z.object({ kind: z.literal('product'), product: Product });
export const OrderContent = z.object({ kind: z.literal('order'), order: Order });

export const SystemContent = z.object({
  kind: z.literal('system'),
  event: z.enum(SYSTEM_EVENTS),
  text: z.optional(boundedString(LIMITS.maxTextChars)),
  agentName: z.optional(boundedString(LIMITS.maxNameChars)),
});

/** An image's `url` and `thumbnailUrl`: see IMAGE_URL_PATTERN. */
export const imageUrl = boundedString(LIMITS.maxUrlChars, 1).check(z.regex(IMAGE_URL_PATTERN));

/**
 * A photo the hub took in through its upload route and re-encoded. `url` and `thumbnailUrl` are
 * signed and expire: the hub signs them anew whenever it sends the message, and a client sending
 * an image names it by `id` (the hub keeps what it stored, whatever else the client says).
 */
export const ImageContent = z.object({
  kind: z.literal('image'),
  id,
  mediaType: z.enum(IMAGE_MEDIA_TYPES),
  width: z.int().check(z.gte(1), z.lte(LIMITS.maxImageDimension)),
  height: z.int().check(z.gte(1), z.lte(LIMITS.maxImageDimension)),
  /** Bytes of the full image. */
  size: z.int().check(z.gte(1), z.lte(LIMITS.maxImageBytes)),
  url: imageUrl,
  thumbnailUrl: imageUrl,
  caption: z.optional(storedText(LIMITS.maxCaptionChars, 1)),
});

export const Content = z.discriminatedUnion('kind', [
  TextContent,
  QuickRepliesContent,
  ProductContent,
  OrderContent,
  ImageContent,
  SystemContent,
]);
export type Content = z.infer<typeof Content>;
export type TextContent = z.infer<typeof TextContent>;
export type ImageContent = z.infer<typeof ImageContent>;
export type QuickRepliesContent = z.infer<typeof QuickRepliesContent>;
export type SystemContent = z.infer<typeof SystemContent>;
export type SystemEvent = (typeof SYSTEM_EVENTS)[number];

/** What a shopper may send: text (possibly a tapped quick reply), the product they are looking at, or a photo. */
export const ShopperContent = z.discriminatedUnion('kind', [TextContent, ProductContent, ImageContent]);
export type ShopperContent = z.infer<typeof ShopperContent>;

/** What an agent (or an external bot on the agent client) may send. */
export const AgentContent = z.discriminatedUnion('kind', [
  TextContent,
  QuickRepliesContent,
  ProductContent,
  OrderContent,
  ImageContent,
]);
export type AgentContent = z.infer<typeof AgentContent>;
