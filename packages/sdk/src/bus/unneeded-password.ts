import type { Redis } from 'ioredis';

/** What Redis answers a password given to a server that asks none (Redis 6+, and 5 and older). */
const NO_PASSWORD = /without any password configured|no password is set/;

/**
 * Whether the Redis `connection` signed in to with a password would have let it in without one.
 * ioredis signs in with HELLO, which a server without a password answers yes whatever the password
 * (ioredis 6 says nothing; older ones printed a console warning): the password in the URL protects
 * nothing, and anyone who reaches the server reads the bus. The one-argument AUTH still says so.
 * Only for the `default` user (no user name in the URL). Never throws.
 * @example
 * if (await passwordUnneeded(publisher)) logger.log('warn', 'bus.password_unneeded', { server });
 */
export async function passwordUnneeded(connection: Redis): Promise<boolean> {
  const { password, username } = connection.options;
  if (!password || username) return false;
  try {
    await connection.auth(password);
    return false;
  } catch (error) {
    return error instanceof Error && NO_PASSWORD.test(error.message);
  }
}
