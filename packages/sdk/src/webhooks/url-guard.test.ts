import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isPrivateAddress, type UrlGuardOptions, WebhookUrlError } from './url-guard.ts';

const guard = (over: Partial<UrlGuardOptions> = {}): UrlGuardOptions => ({
  allowPrivateNetworks: false,
  hubPorts: () => [8080],
  resolve: async (host) =>
    host === 'crm.example'
      ? [{ address: '93.184.216.34', family: 4 }]
      : host === 'split.example'
        ? [
            { address: '93.184.216.34', family: 4 },
            { address: '10.0.0.5', family: 4 },
          ]
        : [],
  ...over,
});

async function problem(url: string, options = guard()): Promise<string> {
  try {
    await checkWebhookUrl(url, options);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof WebhookUrlError)) throw error;
    return `${error.code} ${error.problem}`;
  }
}

describe('checkWebhookUrl', () => {
  it('accepts a public http(s) URL and gives the address to connect to', async () => {
    const { url, address } = await checkWebhookUrl('https://crm.example/hooks?x=1', guard());
    expect(url.href).toBe('https://crm.example/hooks?x=1');
    expect(address).toEqual({ address: '93.184.216.34', family: 4 });
  });

  it('quotes at most 80 characters of a long host or scheme in the refusal', async () => {
    for (const url of [`http://${'a'.repeat(1900)}.example/`, `${'a'.repeat(1900)}://x/`]) {
      const refusal = await checkWebhookUrl(url, guard()).catch((error: Error) => error.message);
      expect(refusal).toMatch(/a…/);
      expect(refusal).not.toMatch(/a{81}/);
    }
  });

  it('refuses other schemes, non-URLs, credentials and names that do not resolve', async () => {
    expect(await problem('ftp://crm.example/x')).toBe('invalid_frame scheme');
    expect(await problem('javascript:alert(1)')).toBe('invalid_frame scheme');
    expect(await problem('crm.example/hooks')).toBe('invalid_frame invalid_url');
    expect(await problem('https://u:p@crm.example/')).toBe('invalid_frame invalid_url');
    expect(await problem('https://nowhere.example/')).toBe('invalid_frame unresolvable');
  });

  it('refuses loopback, private, link-local and mapped addresses, checking every address of a name', async () => {
    for (const url of [
      'http://127.0.0.1:9000/',
      'http://[::1]:9000/',
      'http://10.1.2.3/',
      'http://192.168.1.10/',
      'http://172.20.0.1/',
      'http://169.254.169.254/latest/meta-data',
      'http://[fe80::1]/',
      'http://[fd00::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://0.0.0.0/',
      'http://split.example/',
    ])
      expect(await problem(url), url).toBe('forbidden private_address');
  });

  it('refuses IPv6 addresses that carry an IPv4 one: IPv4-compatible, NAT64, 6to4 and Teredo', async () => {
    for (const url of [
      'http://[::127.0.0.1]:5405/',
      'http://[::a00:1]/',
      'http://[::8.8.8.8]/',
      'http://[64:ff9b::7f00:1]/',
      'http://[2002:7f00:1::]:5405/',
      'http://[2002:808:808::1]/',
      'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/',
      // Local-use NAT64 (RFC 8215) and IPv4-translated (SIIT) carry an IPv4 address too.
      'http://[64:ff9b:1::a9fe:a9fe]/',
      'http://[::ffff:0:7f00:1]/',
      'http://[::ffff:0:a9fe:a9fe]/',
    ])
      expect(await problem(url), url).toBe('forbidden private_address');
  });

  it('refuses site-local IPv6 (fec0::/10): deprecated, yet still routed inside some networks', async () => {
    expect(await problem('http://[fec0::1]/')).toBe('forbidden private_address');
    expect(await problem('http://[feff:ffff::1]/')).toBe('forbidden private_address');
  });

  it('refuses the same addresses when DNS answers with them (at subscription and before every attempt)', async () => {
    for (const address of ['::127.0.0.1', '::7f00:1', '2002:7f00:1::', '2001::1', '::ffff:10.0.0.1'])
      expect(
        await problem('https://tunnel.example/', guard({ resolve: async () => [{ address, family: 6 }] })),
        address,
      ).toBe('forbidden private_address');
  });

  it('lets private addresses through when allowed, but never the hub itself', async () => {
    const allowed = guard({ allowPrivateNetworks: true });
    expect(await problem('http://127.0.0.1:9000/', allowed)).toBe('accepted');
    expect(await problem('http://split.example/', allowed)).toBe('accepted');
    expect(await problem('http://127.0.0.1:8080/', allowed)).toBe('forbidden hub');
    expect(await problem('http://[::1]:8080/', allowed)).toBe('forbidden hub');
  });

  it('sees a name rebound to a private address on the next check', async () => {
    let answer = '93.184.216.34';
    const rebinding = guard({ resolve: async () => [{ address: answer, family: 4 }] });
    expect(await problem('https://rebind.example/', rebinding)).toBe('accepted');
    answer = '127.0.0.1';
    expect(await problem('https://rebind.example/', rebinding)).toBe('forbidden private_address');
  });
});

describe('isPrivateAddress', () => {
  it('tells public addresses from the rest', () => {
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
    expect(isPrivateAddress('2606:4700::1111')).toBe(false);
    expect(isPrivateAddress('::ffff:8.8.8.8')).toBe(false);
    expect(isPrivateAddress('2003::1')).toBe(false);
    expect(isPrivateAddress('100.64.0.1')).toBe(true);
    expect(isPrivateAddress('not-an-ip')).toBe(true);
  });
});
