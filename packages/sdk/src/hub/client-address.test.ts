import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  addressKey,
  clientAddress,
  normalizeAddress,
  socketAddress,
  trustedProxyCount,
} from './client-address.ts';

const PROXY = '10.0.0.2';

function request(forwardedFor?: string, remoteAddress: string | undefined = PROXY): IncomingMessage {
  const headers = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  return { headers, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe('clientAddress', () => {
  it('takes the rightmost entry behind one proxy, whatever the client wrote to its left', () => {
    expect(clientAddress(request('1.1.1.1, 2.2.2.2, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(request('203.0.113.7'), 1)).toBe('203.0.113.7');
  });

  it('counts hops from the right behind several proxies', () => {
    // client forged 6.6.6.6; the outer proxy saw 203.0.113.7; the inner proxy saw the outer one.
    expect(clientAddress(request('6.6.6.6, 203.0.113.7, 10.0.0.1'), 2)).toBe('203.0.113.7');
  });

  it('takes the leftmost entry when there are fewer entries than proxies', () => {
    expect(clientAddress(request('203.0.113.7'), 3)).toBe('203.0.113.7');
  });

  it('ignores the header unless proxies are trusted', () => {
    expect(clientAddress(request('203.0.113.7'), 0)).toBe(PROXY);
  });

  it('falls back to the socket address when the header is missing or malformed', () => {
    expect(clientAddress(request(), 1)).toBe(PROXY);
    expect(clientAddress(request('1.1.1.1, not-an-ip'), 1)).toBe(PROXY);
    expect(clientAddress(request('203.0.113.7,'), 1)).toBe(PROXY);
    expect(clientAddress(request(''), 1)).toBe(PROXY);
    // The proxy's hops must all be addresses: garbage the inner proxy passed on is not trusted.
    expect(clientAddress(request('203.0.113.7, garbage'), 2)).toBe(PROXY);
  });

  it('gives one spelling per address, so the per-address count cannot be dodged', () => {
    expect(clientAddress(request('::FFFF:203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(request('2001:DB8::1'), 1)).toBe('2001:db8:0:0::/64');
    expect(clientAddress(request(undefined, '::ffff:127.0.0.1'), 0)).toBe('127.0.0.1');
    const gone = { headers: {}, socket: {} } as unknown as IncomingMessage;
    expect(clientAddress(gone, 0)).toBe('unknown');
  });
});

describe('normalizeAddress', () => {
  it('leaves plain IPv4 and IPv6 addresses alone', () => {
    expect(normalizeAddress('192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeAddress('::1')).toBe('::1');
  });
});

describe('addressKey', () => {
  it('counts an IPv6 client by its /64 network, whichever of its addresses it writes from', () => {
    const home = ['2001:db8:1:2::7', '2001:DB8:1:2:ffff:ffff:ffff:ffff', '2001:0db8:0001:0002:0:0:0:1'];
    expect(new Set(home.map(addressKey))).toEqual(new Set(['2001:db8:1:2::/64']));
    expect(addressKey('2001:db8:1:3::7')).toBe('2001:db8:1:3::/64');
    expect(addressKey('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('64:ff9b:1::192.0.2.1')).toBe('64:ff9b:1:0::/64');
  });

  it('keeps IPv4 addresses whole, and reads an IPv4-mapped IPv6 address as IPv4', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(socketAddress({ remoteAddress: '2001:db8:1:2::9' })).toBe('2001:db8:1:2::/64');
  });
});

describe('trustedProxyCount', () => {
  it('reads true as one proxy, false and absence as none, and refuses anything but a count', () => {
    expect(trustedProxyCount(true)).toBe(1);
    expect(trustedProxyCount(false)).toBe(0);
    expect(trustedProxyCount(undefined)).toBe(0);
    expect(trustedProxyCount(3)).toBe(3);
    expect(trustedProxyCount(-1)).toBeUndefined();
    expect(trustedProxyCount(0.5)).toBeUndefined();
  });
});
