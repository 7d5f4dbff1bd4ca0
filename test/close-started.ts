import { afterEach } from 'vitest';
import { closeStarted } from '../packages/sdk/src/testing/started.ts';

// Setup file: after each test, whatever the hub fixture started is closed (see closeStarted).
afterEach(closeStarted);
