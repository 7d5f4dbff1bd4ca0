/**
 * The demo's agent page (the full console is a later issue): sign in with a demo token, see the
 * inbox, accept a conversation, reply, close. Plain DOM on top of `@kefu/sdk/agent`; all text is
 * set with textContent, never as HTML.
 */
import type { InboxItem, Message } from '@kefu/protocol';
import { createAgentClient, type OpenConversation } from '@kefu/sdk/agent';

type AgentClient = ReturnType<typeof createAgentClient>;

const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

const hubUrl = new URL('/kefu', location.href);
hubUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';

let agent: AgentClient | undefined;
let current: OpenConversation | undefined;
/** Conversations being opened right now: an inbox update must not open one twice. */
const opening = new Set<string>();

const STATUS: Record<string, string> = {
  bot: '机器人 Bot',
  queued: '排队中 Queued',
  assigned: '接待中 Assigned',
  pending: '待跟进 Pending',
  ticket: '工单 Ticket',
  closed: '已结束 Closed',
};

function describe(m: Message): string {
  const c = m.content;
  switch (c.kind) {
    case 'text':
      return c.text;
    case 'quick_replies':
      return `${c.text ?? ''} [${c.replies.map((r) => r.label).join(' | ')}]`;
    case 'product':
      return `🛍 ${c.product.title}${c.product.price !== undefined ? ` ¥${c.product.price}` : ''}`;
    case 'order':
      return `📦 ${c.order.id} (${c.order.status})`;
    case 'image':
      return `📷 ${c.caption ?? ''} ${c.url}`;
    case 'system':
      return c.text ?? c.event;
  }
}

/** Assigned to me (by the hub or by my accept) and still mine to answer. */
const isMine = (item: InboxItem, me: string | undefined) =>
  item.state.agent?.id === me && (item.state.status === 'assigned' || item.state.status === 'pending');

function stateText(item: InboxItem): string {
  const s = item.state;
  let text = STATUS[s.status] ?? s.status;
  if (s.queue) text += ` #${s.queue.position}`;
  if (s.status === 'ticket' && s.ticket?.expectedReplyAt)
    text += ` · 承诺回复 Reply by ${new Date(s.ticket.expectedReplyAt).toLocaleString()}`;
  return text;
}

function renderInbox(items: InboxItem[]): void {
  const list = $('#inbox');
  list.replaceChildren();
  const me = agent?.profile?.id;
  // Waiting for anyone (queued, or a ticket opened while nobody was online), or already mine.
  const visible = items.filter(
    (i) => i.state.status === 'queued' || i.state.status === 'ticket' || isMine(i, me),
  );
  if (visible.length === 0)
    list.append(el('li', { className: 'empty', textContent: '暂无会话 · No conversations waiting' }));
  for (const item of visible.sort((a, b) => (a.queuedAt ?? a.createdAt) - (b.queuedAt ?? b.createdAt))) {
    const mine = isMine(item, me);
    const button = el('button', {
      type: 'button',
      className: mine ? 'open' : 'accept',
      textContent: mine ? '打开 Open' : '接入 Accept',
    });
    button.addEventListener('click', () => void openConversation(item.conversationId, !mine));
    const li = el(
      'li',
      { className: current?.id === item.conversationId ? 'active' : '' },
      el('div', { className: 'who', textContent: item.shopper.name ?? `访客 ${item.shopper.id.slice(-6)}` }),
      el('div', { className: 'state', textContent: stateText(item) }),
      el('div', { className: 'preview', textContent: item.lastMessage?.preview ?? '' }),
      item.page?.product
        ? el('div', { className: 'product', textContent: `🛍 ${item.page.product.title}` })
        : '',
      button,
    );
    li.dataset.conversation = item.conversationId;
    li.dataset.status = item.state.status;
    list.append(li);
  }
  // The hub assigns queued conversations by itself: open the first one it gave me when nothing is open,
  // so the agent answers before the accept timeout hands it to someone else.
  const assigned = visible.find((i) => isMine(i, me));
  if (!current && assigned && opening.size === 0) void openConversation(assigned.conversationId, false);
}

function renderConversation(): void {
  const pane = $('#conversation');
  pane.hidden = !current;
  if (!current) return;
  $('#conv-title').textContent =
    `${STATUS[current.state.status] ?? current.state.status} · ${current.shopper.name ?? current.shopper.id}`;
  $('#conv-rating').textContent = current.state.rating ? `评分 Rating ${current.state.rating}/5` : '';
  $('#conv-page').textContent = current.page?.product
    ? `正在看 Viewing: ${current.page.product.title}`
    : (current.page?.url ?? '');
  const log = $('#messages');
  log.replaceChildren(
    ...current.messages.map((m) => {
      const row = el(
        'div',
        { className: `msg ${m.author.kind}` },
        el('span', {
          className: 'author',
          textContent: m.author.kind === 'shopper' ? '顾客' : (m.author.name ?? m.author.kind),
        }),
        el('span', { className: 'text', textContent: describe(m) }),
      );
      row.dataset.seq = String(m.seq);
      return row;
    }),
  );
  log.scrollTop = log.scrollHeight;
  const closed = current.state.status === 'closed';
  ($('#reply') as HTMLTextAreaElement).disabled = closed;
  ($('#send') as HTMLButtonElement).disabled = closed;
  ($('#close') as HTMLButtonElement).disabled = closed;
}

async function openConversation(id: string, accept: boolean): Promise<void> {
  if (!agent || opening.has(id)) return;
  opening.add(id);
  try {
    current = accept ? await agent.accept(id) : await agent.join(id);
    renderConversation();
    renderInbox(agent.inbox);
    const last = current.messages.at(-1);
    if (last) void agent.markRead(id, last.seq).catch(() => {});
    ($('#reply') as HTMLTextAreaElement).focus();
  } catch (error) {
    flash(error instanceof Error ? error.message : String(error));
  } finally {
    opening.delete(id);
  }
}

function flash(text: string): void {
  const note = $('#flash');
  note.textContent = text;
  note.hidden = !text;
}

async function send(): Promise<void> {
  const box = $('#reply') as HTMLTextAreaElement;
  const text = box.value.trim();
  if (!agent || !current || !text) return;
  box.value = '';
  try {
    await agent.send(current.id, text);
  } catch (error) {
    box.value = text;
    flash(error instanceof Error ? error.message : String(error));
  }
}

function signIn(token: string): void {
  agent?.disconnect();
  const client = createAgentClient({ url: hubUrl.href, token });
  agent = client;
  client.on('inbox', renderInbox);
  client.on('connection', ({ status }) => {
    $('#status').textContent = status;
    $('#status').dataset.status = status;
  });
  client.on('message', ({ conversationId, message }) => {
    if (current?.id !== conversationId) return;
    current = client.conversation(conversationId) ?? current;
    renderConversation();
    if (message.author.kind === 'shopper') void client.markRead(conversationId, message.seq).catch(() => {});
  });
  // After a reconnect the client re-joins and gets a fresh snapshot: messages stored meanwhile are in it.
  client.on('conversation', (c) => {
    if (current?.id === c.id) {
      current = c;
      renderConversation();
    }
  });
  client.on('state', ({ conversationId }) => {
    if (current?.id === conversationId) {
      current = client.conversation(conversationId) ?? current;
      renderConversation();
    }
  });
  client.on('typing', ({ conversationId, on }) => {
    if (current?.id === conversationId)
      $('#typing').textContent = on ? '顾客正在输入… Shopper is typing…' : '';
  });
  client
    .connect()
    .then(() => {
      $('#signin').hidden = true;
      $('#desk').hidden = false;
      $('#me').textContent = client.profile?.name ?? '';
      flash('');
    })
    .catch((error: unknown) =>
      flash(`登录失败 Sign-in failed: ${error instanceof Error ? error.message : String(error)}`),
    );
}

$('#signin').addEventListener('submit', (e) => {
  e.preventDefault();
  signIn(($('#token') as HTMLInputElement).value.trim());
});
$('#composer').addEventListener('submit', (e) => {
  e.preventDefault();
  void send();
});
$('#reply').addEventListener('keydown', (e) => {
  const k = e as KeyboardEvent;
  if (k.key === 'Enter' && !k.shiftKey && !k.isComposing && k.keyCode !== 229) {
    e.preventDefault();
    void send();
  }
});
$('#close').addEventListener('click', () => {
  if (agent && current)
    void agent.close(current.id, '已解决 resolved').catch((error: Error) => flash(error.message));
});
const preset = new URLSearchParams(location.search).get('token');
if (preset) signIn(preset);
