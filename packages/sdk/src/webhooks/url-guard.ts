import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { KefuError } from '@kefu/protocol';
import { quotedInput } from '../quoted-input.ts';

export type WebhookUrlProblem = 'invalid_url' | 'scheme' | 'unresolvable' | 'private_address' | 'hub';

/**
 * A webhook URL the hub refuses: `invalid_frame` when it is not a usable http(s) URL,
 * `forbidden` when it leads to the hub itself or (unless allowed) a private network.
 */
export class WebhookUrlError extends KefuError {
  readonly problem: WebhookUrlProblem;
  constructor(problem: WebhookUrlProblem, message: string) {
    super(problem === 'private_address' || problem === 'hub' ? 'forbidden' : 'invalid_frame', message);
    this.name = 'KefuError';
    this.problem = problem;
  }
}

/** Resolves a host name to every address it has (injectable, so tests can play DNS rebinding). */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

export const resolveHost: ResolveHost = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface UrlGuardOptions {
  /** Lets loopback, private and link-local addresses through (tests, a receiver on the same network). */
  allowPrivateNetworks: boolean;
  /** Ports the hub serves on: a URL reaching this machine on one of them is the hub itself. */
  hubPorts: () => readonly number[];
  resolve: ResolveHost;
}

// Loopback, private, shared (CGNAT), link-local (cloud metadata at 169.254.169.254), multicast,
// reserved and documentation ranges: nothing a merchant's public endpoint lives on.
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv4');
// IPv6: besides its own loopback, private and link-local ranges, the ones that carry an IPv4
// address inside (IPv4-compatible ::/96, NAT64 64:ff9b::/96 and its local-use 64:ff9b:1::/48,
// IPv4-translated ::ffff:0:0:0/96, 6to4 2002::/16, Teredo 2001::/32): each can lead to a private
// IPv4 address, and none is where a merchant's endpoint lives. Site-local fec0::/10 is deprecated
// but still routed inside some networks. (IPv4-mapped ::ffff:0:0/96 is judged by its IPv4
// address, see isPrivateAddress.)
for (const [net, prefix] of [
  ['::', 96],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['::ffff:0:0:0', 96],
  ['2001::', 32],
  ['2002::', 16],
  ['100::', 64],
  ['2001:db8::', 32],
  ['3fff::', 20],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv6');

/** True for an address no public endpoint has (an IPv4-mapped IPv6 address is judged as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function ownAddresses(): Set<string> {
  const own = new Set(['0.0.0.0', '::']);
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) own.add(a.address);
  return own;
}

/**
 * Parses a subscription URL and resolves its host, refusing what must not be called: anything but
 * http(s), credentials in the URL, an unresolvable host, a host with any address on a private
 * network (unless allowed), or the hub itself. Run when a subscription is made and again before
 * every attempt, since DNS may answer differently later (rebinding); the attempt then connects
 * to the address checked here, not to a fresh lookup.
 * @example
 * const { url, address } = await checkWebhookUrl('https://crm.example/hooks/kefu', guard);
 */
export async function checkWebhookUrl(
  raw: string,
  options: UrlGuardOptions,
): Promise<{ url: URL; address: LookupAddress }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlError('invalid_url', 'the webhook url is not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new WebhookUrlError(
      'scheme',
      `webhook urls must be http or https, not ${quotedInput(url.protocol)}`,
    );
  if (url.username || url.password)
    throw new WebhookUrlError('invalid_url', 'webhook urls must not carry credentials');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: LookupAddress[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await options.resolve(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0)
      throw new WebhookUrlError('unresolvable', `webhook host ${quotedInput(host)} does not resolve`);
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const own = ownAddresses();
  for (const { address } of addresses) {
    const local = own.has(address) || isPrivateAddress(address);
    if (local && options.hubPorts().includes(port))
      throw new WebhookUrlError('hub', 'the webhook url points at this hub');
    // Every address is checked, not only the first: the connection could use any of them.
    if (local && !options.allowPrivateNetworks)
      throw new WebhookUrlError(
        'private_address',
        `webhook host ${host} resolves to a private or local address (${address}); set webhooks.allowPrivateNetworks to allow it`,
      );
  }
  return { url, address: addresses[0]! };
}
