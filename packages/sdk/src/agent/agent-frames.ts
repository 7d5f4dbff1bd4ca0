import { type AgentStatus, type HubToAgent, KefuError } from '@kefu/protocol';
import type { Emitter } from '../emitter.ts';
import type { AgentClientEvents } from './agent-client-events.ts';
import type { AgentRequests } from './agent-requests.ts';
import { type AgentView, applyToView } from './agent-view.ts';
import { contiguousSeq } from './open-conversation.ts';
import { QaHeldError } from './qa-held-error.ts';

/** What a hub frame can reach: the view, the waiting requests, and the connection's own handling. */
export interface AgentFrameContext {
  view: AgentView;
  events: Emitter<AgentClientEvents>;
  requests: AgentRequests;
  welcome(frame: Extract<HubToAgent, { type: 'welcome' }>): void;
  /** An error that answers no waiting request (it was already emitted). */
  refused(frame: Extract<HubToAgent, { type: 'error' }>): void;
  /** The agent's status changed on another of their connections. */
  statusChanged(status: AgentStatus): void;
  /** Asks for the messages missing between what a conversation held and its re-join's page. */
  fillGap(conversationId: string): void;
}

/** Routes one hub frame: to the view, to the request it answers, or to the connection. */
export function handleAgentFrame(frame: HubToAgent, ctx: AgentFrameContext) {
  const { requests } = ctx;
  switch (frame.type) {
    case 'welcome':
      return ctx.welcome(frame);
    case 'conversation': {
      const c = applyToView(ctx.view, ctx.events, frame);
      ctx.fillGap(frame.conversationId);
      return requests.settle(frame.re, c);
    }
    case 'history.page':
    case 'earlier.page':
      return requests.settle(frame.re, applyToView(ctx.view, ctx.events, frame));
    case 'note': {
      const note = applyToView(ctx.view, ctx.events, frame);
      requests.forget(frame.re);
      return requests.settle(frame.re, note);
    }
    case 'ack':
      requests.forget(frame.re);
      return requests.settle(frame.re, frame);
    case 'ok':
      return requests.settle(frame.re, undefined);
    case 'error':
      if (frame.re && requests.waits(frame.re)) {
        // Refused for now (rate limited, store down): a send goes again and its promise waits on.
        if (frame.retryable && requests.retryLater(frame.re)) return;
        requests.forget(frame.re);
        return requests.fail(frame.re, new KefuError(frame.code, frame.message));
      }
      ctx.events.emit('error', { code: frame.code, message: frame.message, retryable: frame.retryable });
      return ctx.refused(frame);
    case 'qa':
      if (frame.re) {
        requests.forget(frame.re);
        requests.fail(frame.re, new QaHeldError(frame.violations));
      }
      return;
    case 'report':
    case 'agents.online':
    case 'kb.proposals':
    case 'kb.check':
    case 'kb.entries':
    case 'kb.entry': {
      const { v: _v, type: _t, re, ...answer } = frame;
      return requests.settle(re, answer);
    }
    case 'status':
      return ctx.statusChanged(frame.status);
    case 'pong':
      return;
    case 'message': {
      applyToView(ctx.view, ctx.events, frame);
      // A live message past a hole (one the feed never brought): the gap filler asks for what is
      // missing, as after a re-join, instead of the console showing the hole until it reloads.
      const c = ctx.view.open.get(frame.message.conversationId);
      if (c && contiguousSeq(c.messages) < frame.message.seq - 1) ctx.fillGap(c.id);
      return;
    }
    default:
      applyToView(ctx.view, ctx.events, frame);
  }
}
