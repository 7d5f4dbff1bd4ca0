import { createHash } from 'node:crypto';

const API_SECRET = 'attack-api-secret-0123456789abcdefghij';

/** The bearer token of the attack hubs' one API key (`crm`, write scope). */
export const API_KEY = `kefu_crm_${API_SECRET}`;

/** The `http.apiKeys` option that lets {@link API_KEY} in, stored as its hash as a merchant's config has it. */
export const API_KEYS = [
  { id: 'crm', name: 'crm', scopes: ['write'], hash: createHash('sha256').update(API_SECRET).digest('hex') },
];
