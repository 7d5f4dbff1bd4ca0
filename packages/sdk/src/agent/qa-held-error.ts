import { KefuError, type QaViolation } from '@kefu/protocol';

/**
 * Quality inspection held a message back (nothing was sent). Show `violations` to the agent;
 * `send(id, content, { override: true })` sends it anyway.
 */
export class QaHeldError extends KefuError {
  constructor(readonly violations: QaViolation[]) {
    super('conflict', `held back by quality inspection: ${violations.map((v) => v.message).join('; ')}`);
    this.name = 'KefuError';
  }
}
