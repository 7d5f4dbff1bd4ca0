/** The knowledge-base format's shapes (knowledge-base.ts parses and checks them). */

/** A button under a bot reply; `payload` is sent back as if the shopper had typed it. */
export interface QuickReply {
  label: string;
  payload: string;
}

/** Limits an entry to some products or categories (e.g. the return policy for earbuds). */
export interface EntryScope {
  productIds?: string[];
  categories?: string[];
}

export interface KnowledgeBaseEntry {
  /** Stable id, used in `faq:<id>` quick-reply payloads and in reports. */
  id: string;
  question: string;
  /** Other ways shoppers ask the same thing; the more the better. */
  alternatives: string[];
  answer: string;
  tags: string[];
  scope?: EntryScope;
  quickReplies?: QuickReply[];
  locale?: string;
}

export interface KnowledgeBase {
  version: 1;
  locale?: string;
  entries: KnowledgeBaseEntry[];
}

/** One problem in a knowledge base: which entry, which field, what is wrong. */
export interface KnowledgeBaseIssue {
  /** The entry's id when it has a usable one. */
  entryId?: string;
  /** Full path from the root, e.g. `entries[3].quickReplies[0].label`. */
  path: string;
  message: string;
}
