import {
  type AgentHello,
  AgentToHub,
  decodeFrame,
  Hello,
  isKefuError,
  PROTOCOL_VERSION,
  type ShopperHello,
  ShopperToHub,
} from '@kefu/protocol';
import type { AgentActions } from '../conversation/agent-actions.ts';
import type { Conversations } from '../conversation/conversations.ts';
import type { HubEvents } from '../conversation/hub-events.ts';
import type { Emitter } from '../emitter.ts';
import { isStoreUnavailable, STORE_AWAY_MESSAGE } from '../store/transient-failure.ts';
import { AgentReadBudget } from './agent-read-budget.ts';
import { AgentSession } from './agent-session.ts';
import { type AgentSignIn, createAgentSignIn } from './agent-sign-in.ts';
import type { Connection } from './connection.ts';
import type { FrameStep } from './frame-pipeline.ts';
import { FRAME_SHAPE, frameShapeProblem, frameTop } from './frame-shape.ts';
import type { ResolvedHubOptions } from './hub-options.ts';
import type { ShopperLimits } from './shopper-limits.ts';
import type { ShopperPresence } from './shopper-presence.ts';
import { ShopperSession } from './shopper-session.ts';
import type { SignInThrottle } from './sign-in-throttle.ts';
import type { SupervisorKnowledge } from './supervisor-knowledge.ts';

/** One message from a client, as it goes down the pipeline. */
export interface InboundFrame {
  readonly binary: boolean;
  /** The message's text ('' when it was binary). */
  readonly text: string;
  /** Set by the decode step, for the steps after it. */
  decoded?: ShopperToHub | AgentToHub;
}

/** What the steps know of the connection a frame came on; lives as long as the connection. */
export interface FrameContext {
  readonly conn: Connection;
  /** Set by the hello step once a shopper's hello is accepted. */
  shopper?: ShopperSession;
  /** Set by the hello step once an agent is authenticated. */
  agent?: AgentSession;
}

export type HubFrameStep = FrameStep<InboundFrame, FrameContext>;

export interface FrameStepDeps {
  o: ResolvedHubOptions;
  conversations: Conversations;
  presence: ShopperPresence;
  /** Per-shopper connections and per-conversation message budgets on this node. */
  shopperLimits: ShopperLimits;
  /** Failed agent sign-ins on this node, shared with the photo upload route (default: this edge's own). */
  signInThrottle?: SignInThrottle;
  ops: AgentActions;
  events: Emitter<HubEvents>;
  /** The back office's knowledge-base part, for supervisors' `kb.*` requests (built after the edge). */
  knowledge: () => SupervisorKnowledge;
  reportError: (error: unknown, where: string) => void;
  /** Agents' snapshot and history bytes on this node (default: this edge's own). */
  agentReads?: AgentReadBudget;
}

/** The deps with what `hubFrameSteps` makes when not given. */
type StepDeps = FrameStepDeps & { agentReads: AgentReadBudget };

/**
 * The hub's steps for every inbound frame, in order. A later check (authorisation, abuse) goes
 * in as one more step; each step either answers and stops, or calls `next()`.
 * @example
 * const handle = composeFrameSteps(hubFrameSteps(deps));
 * await handle({ binary: false, text: raw }, { conn });
 */
export function hubFrameSteps(given: FrameStepDeps): HubFrameStep[] {
  const deps: StepDeps = {
    ...given,
    agentReads: given.agentReads ?? new AgentReadBudget(given.o.limits, given.o.clock),
  };
  // The frame budget (rate limit, pre-welcome allowance) is checked as a frame arrives, before
  // it may wait its turn: see frame-arrival.ts.
  return [
    dropWhenClosed,
    refuseBinary,
    markAlive(deps.o),
    refuseDense,
    hello(deps, createAgentSignIn(deps.o, deps.signInThrottle)),
    decode,
    dispatch(deps.reportError),
  ];
}

/** A frame that arrives after the hub closed the connection is not handled. */
const dropWhenClosed: HubFrameStep = (_frame, { conn }, next) => (conn.closed ? undefined : next());

const refuseBinary: HubFrameStep = (frame, { conn }, next) =>
  frame.binary ? conn.sendError('invalid_frame', 'frames must be JSON text, not binary') : next();

/**
 * A frame denser than any client's (see frame-shape.ts) is refused before it is parsed, with the
 * answer the decoder gives first (`unsupported_version` for a `v` that is not 1, else
 * `invalid_frame`): a first frame closes the connection as a bad hello would, a later one is
 * answered and the socket kept.
 */
const refuseDense: HubFrameStep = (frame, { conn }, next) => {
  const most = conn.role === 'agent' ? FRAME_SHAPE.agentValues : FRAME_SHAPE.shopperValues;
  const problem = frameShapeProblem(frame.text, most);
  if (problem === undefined) return next();
  const { thisVersion, re, clientMsgId } = frameTop(frame.text);
  const code = thisVersion ? 'invalid_frame' : 'unsupported_version';
  const message = thisVersion
    ? problem
    : `protocol version is not supported; this hub speaks ${PROTOCOL_VERSION}`;
  if (conn.role === 'pending')
    return conn.close(code, thisVersion ? `the first frame must be a valid hello: ${problem}` : message, re);
  conn.sendError(code, message, { ...(re ? { re } : {}), ...(clientMsgId ? { clientMsgId } : {}) });
};

/** Any frame is a sign of life for the idle timeout. */
function markAlive({ clock }: ResolvedHubOptions): HubFrameStep {
  return (_frame, { conn }, next) => {
    conn.lastSeen = clock.now();
    return next();
  };
}

/** The first frame must be a hello; it makes the connection a shopper's or an agent's session. */
function hello(deps: StepDeps, signIn: AgentSignIn): HubFrameStep {
  // Not async itself: every later frame only passes through, and needs no promise of its own here.
  return (frame, ctx, next) => (ctx.conn.role === 'pending' ? greet(deps, signIn, frame, ctx) : next());
}

/** A pending connection's first frame: a valid hello starts its session, anything else closes it. */
async function greet(
  deps: StepDeps,
  signIn: AgentSignIn,
  frame: InboundFrame,
  ctx: FrameContext,
): Promise<void> {
  const decoded = decodeFrame(Hello, frame.text);
  if (!decoded.ok) {
    const code =
      decoded.code === 'unsupported_version' || decoded.code === 'frame_too_large'
        ? decoded.code
        : 'invalid_frame';
    return ctx.conn.close(
      code,
      decoded.code === 'invalid_frame'
        ? `the first frame must be a valid hello: ${decoded.message}`
        : decoded.message,
      decoded.re,
    );
  }
  if (decoded.frame.role === 'shopper') await startShopper(deps, ctx, decoded.frame);
  else await startAgent(deps, signIn, ctx, decoded.frame);
}

async function startShopper(deps: FrameStepDeps, ctx: FrameContext, hello: ShopperHello): Promise<void> {
  const { conn } = ctx;
  if (conn.siteKey === undefined)
    return conn.close('unauthorized', 'shoppers connect with ?site=<site key> in the URL', hello.id);
  conn.role = 'shopper';
  // Kept even if start fails, so the connection's close still stops what it began.
  const shopper = new ShopperSession(
    conn,
    deps.o,
    deps.conversations,
    deps.presence,
    deps.shopperLimits,
    (e) => deps.reportError(e, 'shopper feed'),
  );
  ctx.shopper = shopper;
  await shopper.start(hello).catch((error) => {
    deps.reportError(error, 'shopper hello');
    conn.close(
      'internal',
      failedBecause(error, 'the hub could not start this conversation; retry'),
      hello.id,
    );
  });
  if (!conn.closed) deps.events.emit('connection', { role: 'shopper', event: 'open', id: shopper.id });
}

async function startAgent(
  deps: StepDeps,
  signIn: AgentSignIn,
  ctx: FrameContext,
  hello: AgentHello,
): Promise<void> {
  const { conn } = ctx;
  const profile = await signIn(conn, hello);
  if (!profile) return;
  // An agent only once authenticated; the hello timeout still applies until the welcome is sent.
  conn.role = 'agent';
  conn.agentId = profile.id;
  const session = new AgentSession(
    conn,
    deps.o,
    deps.conversations,
    deps.presence,
    deps.ops,
    (e) => deps.reportError(e, 'agent feed'),
    deps.knowledge,
    deps.agentReads,
  );
  const failure = await session.start(hello, profile).then(
    () => undefined,
    async (error: unknown) => {
      deps.reportError(error, 'agent hello');
      // Undoes what start began (subscriptions, the dispatcher's note that the agent is in).
      await session.stop().catch((e) => deps.reportError(e, 'agent stop'));
      return { error };
    },
  );
  if (!failure) {
    ctx.agent = session;
    deps.events.emit('connection', { role: 'agent', event: 'open', id: session.id });
  } else if (!conn.closed)
    conn.close(
      'internal',
      failedBecause(failure.error, 'the hub could not start this session; retry'),
      hello.id,
    );
}

/**
 * What a client is told of a failure that is not a KefuError: still `internal` (retryable) on the
 * wire, but a store that is away is named, so whoever reads the client's log does not hunt a bug.
 */
const failedBecause = (error: unknown, otherwise: string): string =>
  isStoreUnavailable(error) ? STORE_AWAY_MESSAGE : otherwise;

/** Validates the frame against its direction's schema; an invalid one is answered, not handled. */
const decode: HubFrameStep = (frame, { conn }, next) => {
  const decoded = decodeFrame(conn.role === 'shopper' ? ShopperToHub : AgentToHub, frame.text);
  if (decoded.ok) {
    frame.decoded = decoded.frame;
    return next();
  }
  const clientMsgId = /"clientMsgId"\s*:\s*"([^"]{1,64})"/.exec(frame.text.slice(0, 4096))?.[1];
  const message = decoded.message.startsWith('type: ')
    ? (wrongSideMessage(conn.role, frame.text) ?? decoded.message)
    : decoded.message;
  conn.sendError(decoded.code, message, {
    ...(decoded.re ? { re: decoded.re } : {}),
    ...(clientMsgId ? { clientMsgId } : {}),
  });
};

// The frame types of each direction, from the members of the protocol's own unions.
const frameTypes = (union: typeof ShopperToHub | typeof AgentToHub): ReadonlySet<unknown> =>
  new Set(union.def.options.flatMap((member) => member.def.shape.type.def.values));
const SHOPPER_TYPES = frameTypes(ShopperToHub);
const AGENT_TYPES = frameTypes(AgentToHub);

/**
 * For a frame whose `type` its connection does not speak but the other role does (an agent's
 * `accept` on a shopper connection), a message that says so; undefined otherwise. Only called for
 * a frame already refused, so the second parse costs nothing on the normal path.
 */
function wrongSideMessage(role: Connection['role'], text: string): string | undefined {
  if (role !== 'shopper' && role !== 'agent') return undefined;
  let type: unknown;
  try {
    type = (JSON.parse(text) as { type?: unknown }).type;
  } catch {
    return undefined;
  }
  const [own, other, otherRole] =
    role === 'shopper' ? [SHOPPER_TYPES, AGENT_TYPES, 'agents'] : [AGENT_TYPES, SHOPPER_TYPES, 'shoppers'];
  if (typeof type !== 'string' || own.has(type) || !other.has(type)) return undefined;
  return `type: "${type}" is a frame for ${otherRole}; ${role === 'agent' ? 'an agent' : 'a shopper'} connection may not send it`;
}

/**
 * Hands the frame to its session. A refusal (`KefuError`) becomes an error frame with its code;
 * anything else is a fault: reported, and answered with a retryable `internal`. A promise chain,
 * not an async function around the session's: every frame passes here.
 */
function dispatch(reportError: FrameStepDeps['reportError']): HubFrameStep {
  return (frame, { conn, shopper, agent }) => {
    const decoded = frame.decoded;
    if (!decoded) throw new Error('a frame reached dispatch undecoded: the decode step must come first');
    // Sessions' handle() is async: a failure comes as a rejection, never thrown here.
    const handled = shopper
      ? shopper.handle(decoded as ShopperToHub)
      : agent
        ? agent.handle(decoded as AgentToHub)
        : undefined;
    return handled?.then(undefined, (error: unknown) => answerFailure(conn, decoded, error, reportError));
  };
}

function answerFailure(
  conn: Connection,
  decoded: ShopperToHub | AgentToHub,
  error: unknown,
  reportError: FrameStepDeps['reportError'],
): void {
  const re = decoded.id ? { re: decoded.id } : {};
  const clientMsgId =
    'clientMsgId' in decoded && typeof decoded.clientMsgId === 'string'
      ? { clientMsgId: decoded.clientMsgId }
      : {};
  if (isKefuError(error)) conn.sendError(error.code, error.message, { ...re, ...clientMsgId });
  else {
    reportError(error, `frame ${decoded.type}`);
    conn.sendError('internal', failedBecause(error, 'the hub could not handle this frame; retry it'), {
      ...re,
      ...clientMsgId,
    });
  }
}
